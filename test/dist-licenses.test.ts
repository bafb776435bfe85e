// dist/licenses.txt (and dist/cli's): every npm package whose code is bundled, in any chunk, has its notice there.
// ncc's --license output dropped the entry chunk's packages once the build had other chunks; the build now writes the
// file with scripts/licenses.mjs from the chunks' source maps.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledPackages } from '../scripts/licenses.mjs';

const root = join(import.meta.dirname, '..');

describe.each(['dist', 'dist/cli'])('%s/licenses.txt', (d) => {
  const text = readFileSync(join(root, d, 'licenses.txt'), 'utf8');
  const names = new Set(text.split('\n').filter((l, i, a) => l !== '' && (i === 0 || a[i - 1] === '')));
  const bundled = [...(bundledPackages(join(root, d)) as Map<string, string>).keys()];

  it('names every bundled package (zod, yaml, yauzl among them), each with a license and its text', () => {
    expect(bundled.length).toBeGreaterThan(50);
    expect(bundled).toEqual(expect.arrayContaining(['zod', 'yaml', 'yauzl']));
    expect(bundled.filter((p) => !names.has(p))).toEqual([]);
    const yauzl = text.slice(text.indexOf('\nyauzl\n') + 1).split('\n');
    expect(yauzl[1]).toBe('MIT');
    expect(yauzl.slice(2, 8).join('\n')).toMatch(/Permission is hereby granted/);
  });
});
