#!/usr/bin/env node
// npm run setup:scanners — builds the real scanners the tests in test/real/ run, from their registry packages:
//   Gitleaks  go install github.com/zricethezav/gitleaks/v8@v<pin>      (Go module proxy; native, has git mode)
//   Trivy     go install github.com/aquasecurity/trivy/cmd/trivy@v<pin> (Go module proxy; a release, not `dev`)
//   Checkov   pip install checkov==<pin> into a virtualenv               (PyPI)
// The pins are the action's own (TRIVY_VERSION… in src/scanners/<id>/install.ts, read from there so there is one
// place to change them). Trivy: when the Go module proxy cannot serve the pin, or this Go cannot build it, the newest
// release it can is built instead (never 0.69.4) and versions.json says so in a note.
//
// Builds are cached outside the clone, in ${XDG_CACHE_HOME:-~/.cache}/security-scan/scanners/<name>-<version>/
// (override with SECURITY_SCAN_SCANNER_CACHE), and linked into .scanners/bin/ (gitignored); .scanners/versions.json
// records what was built, from where, and what was missing. A cache entry counts only once its build.json is
// written, after the binary answered with the expected version, so an interrupted build is redone. A second run on
// the same machine only checks and links: seconds.
//
// Missing Go or Python: says so, skips those scanners and exits 0 (the tests needing them then skip locally and
// fail in CI). A build that fails for another reason (network, compiler) exits 1 with the tool's own error.
//
// Options: --quiet (only the summary), --json (print .scanners/versions.json at the end),
//          --only=trivy,checkov (set up just these; the others keep what versions.json says).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const quiet = argv.includes('--quiet');
const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');

// SECURITY_SCAN_SCANNERS_DIR: install the links elsewhere (the tests of this script use a scratch directory).
export const SCANNERS_DIR = process.env.SECURITY_SCAN_SCANNERS_DIR || join(root, '.scanners');
export const BIN_DIR = join(SCANNERS_DIR, 'bin');
const VERSIONS_FILE = join(SCANNERS_DIR, 'versions.json');
const CACHE = process.env.SECURITY_SCAN_SCANNER_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'security-scan', 'scanners');

/** Never build these, whatever the proxy offers (0.69.4: malicious release, GHSA-69fq-xp46-6x23). */
const BLOCKED = { trivy: new Set(['0.69.4']) };

/** Offline settings for Checkov: no PyPI version check, no guidelines/severity download, no GitHub config fetch. */
export const CHECKOV_OFFLINE_ENV = {
  BC_SKIP_MAPPING: 'TRUE',
  CKV_SKIP_PACKAGE_UPDATE_CHECK: 'true',
  CKV_GITHUB_CONFIG_FETCH_DATA: 'false',
};

const FALLBACK_PINS = { trivy: '0.75.0', gitleaks: '8.30.1', checkov: '3.3.30' };

const log = (...a) => {
  if (!quiet) console.log(...a);
};

/**
 * The action's pinned defaults, read from src/ so there is one place to change them: `export const TRIVY_VERSION =
 * '…'` (each scanner's install.ts), or an older `DEFAULT_VERSIONS = { trivy: '…', … }` object literal.
 */
function readPins() {
  const files = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) files.push(p);
    }
  };
  try {
    walk(join(root, 'src'));
  } catch {
    return { pins: FALLBACK_PINS, from: 'scripts/setup-scanners.mjs (no src/ found)' };
  }
  const texts = files.map((f) => [relative(root, f), readFileSync(f, 'utf8')]);
  const pins = {};
  const from = new Set();
  for (const name of Object.keys(FALLBACK_PINS)) {
    const re = new RegExp(`export const ${name.toUpperCase()}_VERSION\\s*=\\s*['"]([^'"]+)['"]`);
    for (const [f, text] of texts) {
      const m = re.exec(text);
      if (m) {
        pins[name] = m[1];
        from.add(f);
        break;
      }
    }
    if (pins[name]) continue;
    for (const [f, text] of texts) {
      const m = /export const DEFAULT_VERSIONS\b[^=]*=[^{]*\{([^}]*)\}/.exec(text);
      const v = m && new RegExp(`['"]?${name}['"]?\\s*:\\s*['"]([^'"]+)['"]`).exec(m[1]);
      if (v) {
        pins[name] = v[1];
        from.add(f);
        break;
      }
    }
    if (!pins[name]) {
      console.warn(`setup:scanners: no pinned ${name} version found under src/; using ${FALLBACK_PINS[name]}`);
      pins[name] = FALLBACK_PINS[name];
    }
  }
  return { pins, from: [...from].join(', ') || 'scripts/setup-scanners.mjs (fallback)' };
}

/** Runs a command; returns { status, stdout, stderr } and never throws. Output is streamed when `stream`. */
function run(cmd, args, { env, cwd, stream = false, timeout = 60 * 60_000 } = {}) {
  const r = spawnSync(cmd, args, {
    env: { ...process.env, ...env },
    cwd,
    encoding: 'utf8',
    timeout,
    maxBuffer: 256 * 1024 * 1024,
    stdio: stream && !quiet ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
  });
  return { status: r.error ? -1 : r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? (r.error ? String(r.error.message) : ''), error: r.error };
}

function which(name) {
  for (const d of (process.env.PATH ?? '').split(':')) {
    if (d && existsSync(join(d, name))) return join(d, name);
  }
  return undefined;
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Points .scanners/bin/<name> at `target`, replacing whatever was there in one rename (never briefly missing). */
function link(name, target) {
  mkdirSync(BIN_DIR, { recursive: true });
  const at = join(BIN_DIR, name);
  const tmp = `${at}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  symlinkSync(target, tmp);
  renameSync(tmp, at);
  return at;
}

function fail(name, what, r) {
  const out = `${r.stderr}\n${r.stdout}`.trim().split('\n').slice(-25).join('\n');
  const err = new Error(`${name}: ${what} failed (exit ${r.status})${out ? `:\n${out}` : ''}`);
  err.scanner = name;
  throw err;
}

// ---- Go builds ----------------------------------------------------------------------------------------------

// GOTOOLCHAIN=local: never download another Go toolchain (a go.mod asking for a newer Go is reported instead).
const GO_ENV = { CGO_ENABLED: '0', GOTOOLCHAIN: 'local' };

function goVersion(go) {
  const r = run(go, ['env', 'GOVERSION']);
  return r.status === 0 ? r.stdout.trim().replace(/^go/, '') : undefined;
}

const cmpVersion = (a, b) => {
  const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
};

/**
 * Whether the proxy can serve module@v and this Go can build it: `go mod download -json` fetches the zip (needed
 * for the build anyway) and names the go.mod; its `go` line must not be newer than the local toolchain.
 */
function goModuleBuildable(go, module, version, localGo) {
  const r = run(go, ['mod', 'download', '-json', `${module}@v${version}`], { env: GO_ENV, cwd: CACHE });
  let info;
  try {
    info = JSON.parse(r.stdout);
  } catch {
    return { ok: false, why: (r.stderr || r.stdout).trim().split('\n').at(-1) || `go mod download exited ${r.status}` };
  }
  const mod = info.GoMod && existsSync(info.GoMod) ? readFileSync(info.GoMod, 'utf8') : '';
  const need = /^go\s+(\d+\.\d+(?:\.\d+)?)\s*$/m.exec(mod)?.[1];
  const tooNew = need && localGo && cmpVersion(need, localGo) > 0 ? `its go.mod needs Go ${need}, this machine has Go ${localGo}` : undefined;
  if (info.Error) return { ok: false, why: [info.Error.split('\n').map((l) => l.trim()).join(' '), tooNew].filter(Boolean).join('; ') };
  if (tooNew) return { ok: false, why: tooNew };
  return { ok: true, goMod: need };
}

/** Release versions the proxy lists for a module, newest first. */
function goModuleVersions(go, module) {
  const r = run(go, ['list', '-m', '-versions', '-json', module], { env: GO_ENV, cwd: CACHE });
  try {
    return (JSON.parse(r.stdout).Versions ?? [])
      .filter((v) => /^v\d+\.\d+\.\d+$/.test(v))
      .map((v) => v.slice(1))
      .sort((a, b) => cmpVersion(b, a));
  } catch {
    return [];
  }
}

/**
 * @typedef {{ name: string, version: string, requested: string, source: string, binary: string, note?: string, cached: boolean, seconds: number }} Installed
 */

/** A cache entry that is complete (build.json written) and whose binary still answers with its version. */
function cachedEntry(name, version, verify) {
  const dir = join(CACHE, `${name}-${version}`);
  const meta = readJson(join(dir, 'build.json'));
  if (!meta || !meta.binary || !existsSync(meta.binary)) return undefined;
  if (!verify(meta.binary)) return undefined;
  return meta;
}

function goScanner({ name, module, pkg, version, requested, ldflags, tags, extraEnv, versionArgs, versionRe }) {
  const verify = (bin) => {
    const r = run(bin, versionArgs);
    const got = versionRe.exec(`${r.stdout}\n${r.stderr}`)?.[1];
    return got === version ? got : undefined;
  };
  const hit = cachedEntry(name, version, verify);
  if (hit) return { meta: hit, cached: true };
  const dir = join(CACHE, `${name}-${version}`);
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(join(tmp, 'bin'), { recursive: true });
  const target = `${pkg}@v${version}`;
  const args = ['install', '-trimpath', ...(tags ? ['-tags', tags] : []), '-ldflags', ldflags, target];
  const env = { ...GO_ENV, ...extraEnv, GOBIN: join(tmp, 'bin') };
  log(`  $ ${Object.entries({ ...extraEnv, CGO_ENABLED: '0' }).map(([k, v]) => `${k}=${v}`).join(' ')} go ${args.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' ')}`);
  const r = run('go', args, { env, cwd: CACHE, stream: true });
  if (r.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    fail(name, `go install ${target}`, r);
  }
  const tmpBin = join(tmp, 'bin', name);
  if (!verify(tmpBin)) {
    const v = run(tmpBin, versionArgs);
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`${name}: built ${target}, but '${name} ${versionArgs.join(' ')}' answered ${JSON.stringify((v.stdout + v.stderr).trim())}, not ${version}`);
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  const meta = {
    name,
    version,
    requested,
    source: `Go module proxy: go install ${target}`,
    module,
    build: { command: ['go', ...args], env: { ...extraEnv, CGO_ENABLED: '0' }, go: goVersion('go') },
    binary: join(dir, 'bin', name),
    builtAt: new Date().toISOString(),
  };
  writeFileSync(join(dir, 'build.json'), `${JSON.stringify(meta, null, 2)}\n`);
  return { meta, cached: false };
}

function setupGitleaks(pin) {
  // The variable goreleaser sets (version/version.go: `var Version = "version is set by build process"`), with
  // goreleaser's {{.Version}} (no leading v), so `gitleaks version` prints what a release prints: 8.30.1.
  // `-tags gore2regex` as upstream's releases (go-re2 through wazero: still pure Go, CGO_ENABLED=0).
  return goScanner({
    name: 'gitleaks',
    module: 'github.com/zricethezav/gitleaks/v8',
    pkg: 'github.com/zricethezav/gitleaks/v8',
    version: pin,
    requested: pin,
    tags: 'gore2regex',
    ldflags: `-s -w -X github.com/zricethezav/gitleaks/v8/version.Version=${pin}`,
    extraEnv: {},
    versionArgs: ['version'],
    versionRe: /^v?(\d+\.\d+\.\d+\S*)\s*$/m,
  });
}

/** Trivy: the pin if the proxy serves it and this Go builds it, else the newest release that works (never blocked ones). */
function setupTrivy(pin, localGo) {
  const module = 'github.com/aquasecurity/trivy';
  const build = (version, note) => {
    const r = goScanner({
      name: 'trivy',
      module,
      pkg: `${module}/cmd/trivy`,
      version,
      requested: pin,
      ldflags: `-s -w -X github.com/aquasecurity/trivy/pkg/version/app.ver=${version}`,
      // From v0.67 Trivy imports encoding/json/v2 (upstream's goreleaser sets GOEXPERIMENT=jsonv2).
      extraEnv: { GOEXPERIMENT: 'jsonv2' },
      versionArgs: ['--version'],
      versionRe: /^Version:\s*(\S+)/m,
    });
    if (note) {
      r.meta.note = note;
      writeFileSync(join(CACHE, `trivy-${version}`, 'build.json'), `${JSON.stringify(r.meta, null, 2)}\n`);
    }
    return r;
  };
  if (BLOCKED.trivy.has(pin)) throw new Error(`trivy: the pinned version ${pin} is blocked (malicious release); change DEFAULT_VERSIONS`);
  // A cached build of the pin needs no network at all.
  if (cachedEntry('trivy', pin, () => true)) return build(pin);
  const pinned = goModuleBuildable('go', module, pin, localGo);
  if (pinned.ok) return build(pin);
  const tried = [`v${pin}: ${pinned.why}`];
  const versions = goModuleVersions('go', module).filter((v) => !BLOCKED.trivy.has(v) && v !== pin);
  if (versions.length === 0) {
    // No proxy (offline): a fallback built earlier for this pin is still good.
    const earlier = readdirSync(CACHE)
      .filter((d) => /^trivy-\d+\.\d+\.\d+$/.test(d))
      .map((d) => readJson(join(CACHE, d, 'build.json')))
      .filter((m) => m && m.requested === pin && !BLOCKED.trivy.has(m.version) && existsSync(m.binary))
      .sort((a, b) => cmpVersion(b.version, a.version))[0];
    if (earlier) return build(earlier.version, earlier.note);
    throw new Error(`trivy: v${pin} cannot be built (${pinned.why}) and the proxy lists no other release`);
  }
  for (const v of versions.slice(0, 3)) {
    const c = goModuleBuildable('go', module, v, localGo);
    if (!c.ok) {
      tried.push(`v${v}: ${c.why}`);
      continue;
    }
    const note = `pinned ${pin} not buildable here (${tried.join('; ')}); built ${v}, the newest release the Go module proxy serves that Go ${localGo} builds`;
    log(`  trivy: ${note}`);
    return build(v, note);
  }
  throw new Error(`trivy: no buildable release found (${tried.join('; ')})`);
}

// ---- Checkov in a virtualenv --------------------------------------------------------------------------------

function setupCheckov(pin, python) {
  const dir = join(CACHE, `checkov-${pin}`);
  const venv = join(dir, 'venv');
  const venvCheckov = join(venv, 'bin', 'checkov');
  const wrapper = join(dir, 'checkov');
  const verify = (bin) => {
    const r = run(bin, ['--version'], { env: CHECKOV_OFFLINE_ENV, timeout: 120_000 });
    return r.stdout.trim().split('\n').at(-1) === pin;
  };
  const hit = cachedEntry('checkov', pin, verify);
  if (hit) return { meta: hit, cached: true };
  // A virtualenv is not relocatable (absolute paths in its scripts), so it is built where it stays; build.json
  // is written last, so a half-built one is removed and redone.
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  log(`  $ ${python} -m venv ${venv}`);
  let r = run(python, ['-m', 'venv', venv], { stream: true });
  if (r.status !== 0) fail('checkov', `${python} -m venv`, r);
  const pipArgs = ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--progress-bar', 'off', '-q', `checkov==${pin}`];
  log(`  $ ${join(venv, 'bin', 'python')} ${pipArgs.join(' ')}`);
  r = run(join(venv, 'bin', 'python'), pipArgs, { stream: true });
  if (r.status !== 0) fail('checkov', `pip install checkov==${pin}`, r);
  // The wrapper runs Checkov with the offline variables unless the caller set them (these machines have no
  // internet; without them Checkov tries PyPI and the Prisma Cloud guidelines API).
  writeFileSync(
    wrapper,
    `#!/bin/sh\n# Checkov ${pin} (pip, ${venv}) with network look-ups off unless set by the caller.\n` +
      Object.entries(CHECKOV_OFFLINE_ENV).map(([k, v]) => `: "\${${k}:=${v}}"; export ${k}\n`).join('') +
      `exec "${venvCheckov}" "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
  if (!verify(wrapper)) {
    const v = run(wrapper, ['--version']);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`checkov: installed checkov==${pin}, but 'checkov --version' answered ${JSON.stringify((v.stdout + v.stderr).trim().slice(-500))}`);
  }
  const pyv = run(join(venv, 'bin', 'python'), ['--version']).stdout.trim();
  const meta = {
    name: 'checkov',
    version: pin,
    requested: pin,
    source: `PyPI: pip install checkov==${pin} (virtualenv, ${pyv})`,
    binary: wrapper,
    venv,
    offlineEnv: CHECKOV_OFFLINE_ENV,
    builtAt: new Date().toISOString(),
  };
  writeFileSync(join(dir, 'build.json'), `${JSON.stringify(meta, null, 2)}\n`);
  return { meta, cached: false };
}

// ---- main ---------------------------------------------------------------------------------------------------

function main() {
  const t0 = Date.now();
  const { pins, from } = readPins();
  mkdirSync(CACHE, { recursive: true });
  mkdirSync(BIN_DIR, { recursive: true });
  log(`setup:scanners: pins from ${from}: trivy ${pins.trivy}, gitleaks ${pins.gitleaks}, checkov ${pins.checkov}`);
  log(`setup:scanners: cache ${CACHE}; links in ${relative(root, BIN_DIR)}/`);

  const go = which('go');
  const localGo = go ? goVersion(go) : undefined;
  const python = which('python3') ?? which('python');
  let venvOk = false;
  if (python) venvOk = run(python, ['-c', 'import venv, ensurepip']).status === 0;

  /** @type {Record<string, object>} */
  const versions = {};
  const rows = [];
  const missing = [];
  let failed = false;

  const previous = readJson(VERSIONS_FILE) ?? { scanners: {}, missing: [] };
  const step = (name, available, why, fn) => {
    const t = Date.now();
    if (only && !only.includes(name)) {
      if (previous.scanners?.[name]) versions[name] = previous.scanners[name];
      for (const m of previous.missing ?? []) if (m.startsWith(`${name}:`)) missing.push(m);
      return;
    }
    if (!available) {
      missing.push(`${name}: ${why}`);
      rows.push([name, '-', `skipped: ${why}`, '-']);
      try {
        unlinkSync(join(BIN_DIR, name));
      } catch {
        // not linked
      }
      return;
    }
    log(`\n${name}:`);
    try {
      const { meta, cached } = fn();
      const at = link(name, meta.binary);
      const secs = (Date.now() - t) / 1000;
      versions[name] = { version: meta.version, requested: meta.requested, source: meta.source, binary: at, target: meta.binary, ...(meta.note ? { note: meta.note } : {}), cached, seconds: secs };
      rows.push([name, meta.version + (meta.version !== meta.requested ? ` (pinned ${meta.requested})` : ''), `${meta.source}${cached ? ' [cached]' : ''}`, seconds(Date.now() - t)]);
      log(`  ${name} ${meta.version} ${cached ? 'from the cache' : 'built'} in ${seconds(Date.now() - t)} -> ${relative(root, at)}`);
      if (meta.note) log(`  note: ${meta.note}`);
    } catch (e) {
      failed = true;
      rows.push([name, '-', `FAILED: ${e.message.split('\n')[0]}`, seconds(Date.now() - t)]);
      console.error(`\nsetup:scanners: ${e.message}`);
    }
  };

  step('gitleaks', Boolean(go), 'Go is not installed (go not on PATH); install Go 1.26 to build Gitleaks', () => setupGitleaks(pins.gitleaks));
  step('trivy', Boolean(go), 'Go is not installed (go not on PATH); install Go 1.26 to build Trivy', () => setupTrivy(pins.trivy, localGo));
  step(
    'checkov',
    Boolean(python) && venvOk,
    python ? `${python} has no venv/ensurepip module (Debian: apt-get install python3-venv)` : 'Python 3 is not installed (python3 not on PATH)',
    () => setupCheckov(pins.checkov, python),
  );

  const doc = { generatedAt: new Date().toISOString(), go: localGo ?? null, python: python ? run(python, ['--version']).stdout.trim() : null, scanners: versions, missing };
  writeFileSync(VERSIONS_FILE, `${JSON.stringify(doc, null, 2)}\n`);

  const widths = [0, 1, 2, 3].map((i) => Math.max(...[['scanner', 'version', 'source', 'time'], ...rows].map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(`\nsetup:scanners (${seconds(Date.now() - t0)} in all)`);
  console.log(line(['scanner', 'version', 'source', 'time']));
  for (const r of rows) console.log(line(r));
  for (const m of missing) console.log(`missing: ${m}; the tests that need it skip locally and fail in CI`);
  if (argv.includes('--json')) console.log(JSON.stringify(doc, null, 2));
  if (failed) process.exit(1);
}

main();
