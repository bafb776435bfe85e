// action.yml documents every input the settings schema reads, with the schema's defaults, and every output main.ts
// sets — and nothing else. The schema is the source of truth; this test fails on any drift.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { inputSpecs } from '../src/config/settings.js';
import type { InputSpec } from '../src/config/schema.js';
import { SCANNERS } from '../src/scanners/registry.js';

const root = join(import.meta.dirname, '..');

interface ActionYml {
  runs: { using: string; main: string };
  inputs: Record<string, { description?: string; default?: string }>;
  outputs: Record<string, { description?: string }>;
}

const actionYml = readFileSync(join(root, 'action.yml'), 'utf8');

/** Every way action.yml and the schema's input specs disagree, as sentences. */
export function inputDrift(action: ActionYml, specs: readonly InputSpec[]): string[] {
  const problems: string[] = [];
  const byName = new Map(specs.map((s) => [s.input, s]));
  for (const spec of specs) {
    const doc = action.inputs[spec.input];
    if (!doc) {
      problems.push(`input '${spec.input}' is read by the settings but missing from action.yml`);
      continue;
    }
    const expected = spec.actionDefault ?? spec.default;
    if (String(doc.default ?? '') !== expected) problems.push(`input '${spec.input}': action.yml default '${doc.default ?? ''}', schema default '${expected}'`);
    if (!doc.description || doc.description.trim().length < 20) problems.push(`input '${spec.input}' has no description in action.yml`);
  }
  for (const name of Object.keys(action.inputs)) if (!byName.has(name)) problems.push(`action.yml documents input '${name}', which nothing reads`);
  return problems;
}

describe('action.yml', () => {
  const action = parse(actionYml) as ActionYml;
  const specs = inputSpecs(SCANNERS);

  it('runs dist/index.js on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('documents exactly the inputs the schema reads, with its defaults and a description each', () => {
    expect(specs.length).toBeGreaterThan(40);
    expect(inputDrift(action, specs)).toEqual([]);
  });

  it('the drift check fails when one default in action.yml changes (fail-on: high → critical)', () => {
    const changed = actionYml.replace(/(\n {2}fail-on:\n(?: {4}.*\n)*? {4}default: )high\n/, '$1critical\n');
    expect(changed).not.toBe(actionYml);
    expect(inputDrift(parse(changed) as ActionYml, specs)).toEqual(["input 'fail-on': action.yml default 'critical', schema default 'high'"]);
  });

  it('the drift check fails on a missing, an extra and an undescribed input', () => {
    const broken = structuredClone(action);
    delete broken.inputs['timeout'];
    broken.inputs['unused-input'] = { description: 'An input that no setting reads at all.', default: '' };
    broken.inputs['path']!.description = '';
    expect(inputDrift(broken, specs).sort()).toEqual(
      [
        "action.yml documents input 'unused-input', which nothing reads",
        "input 'path' has no description in action.yml",
        "input 'timeout' is read by the settings but missing from action.yml",
      ].sort(),
    );
  });

  it('names the pinned scanner versions the installer uses', () => {
    for (const s of SCANNERS) {
      if (!s.install) continue;
      expect(action.inputs[`${s.id}-version`]!.description, s.id).toContain(s.install.defaultVersion);
    }
  });

  it('documents every output main.ts sets (itself and through src/outputs.ts)', () => {
    const main = ['main.ts', 'outputs.ts'].map((f) => readFileSync(join(root, 'src', f), 'utf8')).join('\n');
    const set = new Set([...main.matchAll(/setOutput\('([a-z-]+)'/g)].map((m) => m[1]!));
    for (const s of ['critical', 'high', 'medium', 'low']) set.add(s); // set in a loop
    expect([...set].sort()).toEqual(Object.keys(action.outputs).sort());
    for (const [name, o] of Object.entries(action.outputs)) expect(o.description?.length ?? 0, name).toBeGreaterThan(10);
  });
});

describe('README.md', () => {
  it('has the inputs and outputs tables generated from action.yml (node scripts/inputs-table.mjs --write)', async () => {
    const { replaceTables } = await import('../scripts/inputs-table.mjs');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(replaceTables(readme)).toBe(readme);
  });
});
