#!/usr/bin/env node
// The third-party notices of a built bundle: `node scripts/licenses.mjs dist dist/cli` rewrites each directory's
// licenses.txt with one entry per npm package whose code is in that bundle, in any of its chunks (the packages are
// read from the chunks' source maps). ncc's own --license output leaves out the packages of the entry chunk once the
// build has other chunks (zod, yaml, yauzl… were missing), and MIT-style licenses ask for their notice to ship with
// the code. Entry format as ncc writes it: name, license, the package's license text, a blank line.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** `node_modules/…/<package>` directories (relative to the project) whose files are in the bundle's source maps. */
export function bundledPackages(distDir) {
  const dirs = new Map();
  for (const f of readdirSync(distDir).filter((n) => n.endsWith('.js.map'))) {
    for (const s of JSON.parse(readFileSync(join(distDir, f), 'utf8')).sources) {
      const at = s.lastIndexOf('node_modules/');
      if (at < 0) continue;
      const parts = s.slice(at + 'node_modules/'.length).split('/');
      const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
      const start = s.indexOf('node_modules/');
      dirs.set(name, s.slice(start, at) + 'node_modules/' + name);
    }
  }
  return dirs;
}

function licenseOf(pkgDir) {
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const id = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? (pkg.licenses ?? []).map((l) => l.type ?? l).join(' OR ')) || 'UNKNOWN';
  const file = readdirSync(pkgDir).sort().find((n) => /^(licen[cs]e|copying)(\.|-|$)/i.test(n));
  const text = file ? readFileSync(join(pkgDir, file), 'utf8').replace(/^(\s*\n)+/, '').trimEnd() : `(no license file in the package; package.json says ${id})`;
  return { name: pkg.name, id, text };
}

/** The licenses.txt of `distDir` and how many packages it names. */
export function licensesText(distDir) {
  const entries = [...bundledPackages(distDir)].map(([name, rel]) => {
    const dir = join(root, rel);
    if (!existsSync(join(dir, 'package.json'))) throw new Error(`${distDir}: the bundle has ${name}, but ${rel}/package.json is not there (run npm ci first)`);
    return licenseOf(dir);
  });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { text: entries.map((e) => `${e.name}\n${e.id}\n${e.text}\n`).join('\n'), count: entries.length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const d of process.argv.slice(2)) {
    const { text, count } = licensesText(d);
    writeFileSync(join(d, 'licenses.txt'), text);
    console.log(`${d}/licenses.txt: ${count} packages`);
  }
}
