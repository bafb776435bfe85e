// A scanner is one folder plus one line in the registry: no module outside a scanner's folder names it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCANNERS } from '../../src/scanners/registry.js';

const SRC = join(import.meta.dirname, '..', '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Code without comments: a scanner named in a comment as an example is fine, in code it is a dependency. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

describe('the scanner registry', () => {
  it('every scanner lives in its own folder with its settings, and ids are unique', () => {
    const ids = SCANNERS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      const files = readdirSync(join(SRC, 'scanners', id));
      expect(files, id).toContain('index.ts');
      expect(files, id).toContain('settings.ts');
    }
  });

  it('no module outside a scanner folder (and the registry) names a scanner in code', () => {
    const offenders: string[] = [];
    for (const file of sources(SRC)) {
      const rel = relative(SRC, file).split('\\').join('/');
      if (rel === 'scanners/registry.ts' || SCANNERS.some((s) => rel.startsWith(`scanners/${s.id}/`))) continue;
      const text = code(readFileSync(file, 'utf8'));
      for (const s of SCANNERS) {
        if (new RegExp(`['"\`/]${s.id}\\b|\\b${s.id}[-_]`, 'i').test(text)) offenders.push(`${rel} names ${s.id}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
