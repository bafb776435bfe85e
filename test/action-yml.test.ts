// action.yml documents every input the code reads and every output it sets, and nothing else.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseSettings } from '../src/config/settings.js';
import { SCANNERS } from '../src/scanners/registry.js';
import { parseInstallSettings } from '../src/scanners/install/settings.js';
import { DEFAULT_VERSIONS } from '../src/scanners/install/releases.js';

const root = join(import.meta.dirname, '..');
const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as {
  runs: { using: string; main: string };
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
};

function inputsReadByTheCode(): Set<string> {
  const read = new Set<string>();
  const reader = (name: string) => {
    read.add(name);
    return name === 'scanners' ? SCANNERS.map((s) => s.id).join(',') : '';
  };
  parseSettings(reader, SCANNERS);
  parseInstallSettings(reader, SCANNERS.filter((s) => s.binary).map((s) => s.id));
  for (const s of SCANNERS) if (s.binary) read.add(s.binary.pathInput);
  return read;
}

describe('action.yml', () => {
  it('runs dist/index.js on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('documents exactly the inputs the code reads', () => {
    const read = inputsReadByTheCode();
    expect([...read].filter((n) => !(n in action.inputs)).sort()).toEqual([]);
    expect(Object.keys(action.inputs).filter((n) => !read.has(n)).sort()).toEqual([]);
    for (const [name, input] of Object.entries(action.inputs)) expect(input.description.length, name).toBeGreaterThan(20);
  });

  it('names the pinned scanner versions the installer uses', () => {
    for (const [id, version] of Object.entries(DEFAULT_VERSIONS)) expect(action.inputs[`${id}-version`]!.description).toContain(version);
  });

  it('documents every output main.ts sets', () => {
    const main = readFileSync(join(root, 'src', 'main.ts'), 'utf8');
    const set = new Set([...main.matchAll(/setOutput\('([a-z-]+)'/g)].map((m) => m[1]!));
    for (const s of ['critical', 'high', 'medium', 'low']) set.add(s); // set in a loop
    expect([...set].sort()).toEqual(Object.keys(action.outputs).sort());
  });
});

describe('README.md', () => {
  it('has the inputs and outputs tables generated from action.yml (node scripts/inputs-table.mjs --write)', async () => {
    const { replaceTables } = await import('../scripts/inputs-table.mjs');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(replaceTables(readme)).toBe(readme);
  });
});
