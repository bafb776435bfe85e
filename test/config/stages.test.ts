import { describe, expect, it } from 'vitest';
import { stagesField } from '../../src/config/stages.js';
import { ConfigurationError } from '../../src/errors.js';
import { settingsFor } from '../support/settings.js';

const field = stagesField();
const parse = (v: unknown) => field.parse(v);
function problem(v: unknown): string {
  const r = field.safeParse(v);
  if (r.success) throw new Error(`expected ${JSON.stringify(v)} to be refused, got ${JSON.stringify(r.data)}`);
  return r.error.issues.map((i) => i.message).join('\n');
}

function configProblems(inputs: Record<string, string>): readonly string[] {
  try {
    settingsFor(inputs);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigurationError);
    return (e as ConfigurationError).problems ?? [];
  }
  throw new Error(`expected a ConfigurationError for ${JSON.stringify(inputs)}`);
}

describe('stages: the input form', () => {
  it("names, comma-separated scanners and '!' for blocking, separated by ';'", () => {
    expect(parse('secrets: gitleaks!; iac: checkov; images: trivy, snyk')).toEqual([
      { name: 'secrets', scanners: ['gitleaks'], blocking: true },
      { name: 'iac', scanners: ['checkov'], blocking: false },
      { name: 'images', scanners: ['trivy', 'snyk'], blocking: false },
    ]);
  });

  it("new lines separate stages too; unnamed stages are 'stage N' by position; ids are lower-cased; blank stages are ignored", () => {
    expect(parse('Gitleaks !\n\n  trivy ,CHECKOV;\nlast: snyk ! ;')).toEqual([
      { name: 'stage 1', scanners: ['gitleaks'], blocking: true },
      { name: 'stage 2', scanners: ['trivy', 'checkov'], blocking: false },
      { name: 'last', scanners: ['snyk'], blocking: true },
    ]);
  });

  it('empty is no stages', () => {
    expect(parse('')).toEqual([]);
    expect(parse(' ; \n ')).toEqual([]);
  });

  it.each([
    ['a stage without scanners', 'secrets: ; iac: checkov', /stage 'secrets' with no scanners/],
    ['only a bang', 'secrets: !', /stage 'secrets' with no scanners/],
    ["'!' inside a stage", 'secrets: gitleaks!, trivy', /'!' inside stage 'secrets'.*goes after its last scanner/],
    ['an empty name', ': gitleaks', /an empty name before ':'/],
    ['a second colon', 'a: b: c', /'b: c' in stage 'a', which is not a scanner id/],
    ['a scanner twice across stages', 'a: gitleaks; b: trivy, gitleaks', /'gitleaks' \(in stage 'a' and stage 'b'\); each scanner runs in one stage only/],
    ['a scanner twice in a stage', 'trivy, trivy', /'trivy' \(twice in stage 1\)/],
    ['a repeated name', 'x: trivy; x: gitleaks', /stage name 'x' more than once/],
    ["an explicit name equal to another's default", 'trivy; stage 1: gitleaks', /stage name 'stage 1' more than once/],
    ['not text or a list', 42, /is 42; use stages separated by ';'/],
  ])('refuses %s', (_name, value, message) => {
    expect(problem(value)).toMatch(message);
  });
});

describe('stages: the config-file list', () => {
  it('objects with name, scanners as a list or "a,b", blocking', () => {
    expect(parse([{ name: 'secrets', scanners: ['gitleaks'], blocking: true }, { scanners: 'trivy, checkov' }, { name: 'late', scanners: ['snyk'], blocking: 'false' }])).toEqual([
      { name: 'secrets', scanners: ['gitleaks'], blocking: true },
      { name: 'stage 2', scanners: ['trivy', 'checkov'], blocking: false },
      { name: 'late', scanners: ['snyk'], blocking: false },
    ]);
  });

  it('a member may be in the input form', () => {
    expect(parse(['secrets: gitleaks!', { scanners: ['trivy'] }])).toEqual([
      { name: 'secrets', scanners: ['gitleaks'], blocking: true },
      { name: 'stage 2', scanners: ['trivy'], blocking: false },
    ]);
  });

  it.each([
    ['a member that is not an object', [7], /stage 1 7, which is not a stage/],
    ['an unknown key', [{ scanners: ['trivy'], block: true }], /stage 1 with 'block', which nothing reads/],
    ['no scanners', [{ name: 'a' }], /stage 'a' with scanners undefined/],
    ['an empty scanner list', [{ scanners: [] }], /stage 1 with no scanners/],
    ['scanners that are not strings', [{ scanners: [1, 2] }], /stage 1 with scanners \[1,2\]/],
    ['a name that is not text', [{ name: 3, scanners: ['trivy'] }], /stage 1 with name 3/],
    ['blocking that is not a boolean', [{ scanners: ['trivy'], blocking: 'maybe' }], /stage 1 with blocking "maybe"; use true or false/],
    ['an id with spaces', [{ scanners: ['tri vy'] }], /'tri vy' in stage 1, which is not a scanner id/],
    ['a scanner in two stages', [{ scanners: ['trivy'] }, { scanners: ['trivy'] }], /'trivy' \(in stage 1 and stage 2\)/],
  ])('refuses %s', (_name, value, message) => {
    expect(problem(value)).toMatch(message);
  });
});

describe('stages and the other settings (parseSettings)', () => {
  it('scheduling: staged with every selected scanner in one stage parses, frozen', () => {
    const s = settingsFor({ scanners: 'trivy,gitleaks', scheduling: 'staged', stages: 'secrets: gitleaks!; trivy' });
    expect(s.orchestration.stages).toEqual([
      { name: 'secrets', scanners: ['gitleaks'], blocking: true },
      { name: 'stage 2', scanners: ['trivy'], blocking: false },
    ]);
    expect(Object.isFrozen(s.orchestration.stages[0]!.scanners)).toBe(true);
  });

  it('scheduling: staged without stages names both inputs', () => {
    expect(configProblems({ scheduling: 'staged' })).toEqual([
      "Input 'scheduling' is 'staged', which needs input 'stages': the stages in order, e.g. 'secrets: gitleaks!; iac: checkov; images: trivy' (or set scheduling: parallel).",
    ]);
  });

  it('stages without scheduling: staged is an error, like report-dir without mode: publish', () => {
    expect(configProblems({ stages: 'trivy; gitleaks' })).toEqual([
      "Input 'stages' is set, but it is only read with 'scheduling: staged' (input 'scheduling' is 'parallel'); remove it or set scheduling: staged.",
    ]);
    expect(configProblems({ scheduling: 'sequential', stages: 'trivy; gitleaks' })[0]).toMatch(/input 'scheduling' is 'sequential'/);
  });

  it('a stage scanner that is not selected', () => {
    expect(configProblems({ scanners: 'trivy,gitleaks', scheduling: 'staged', stages: 'a: gitleaks; b: trivy, checkov' })).toEqual([
      "Input 'stages' lists 'checkov' in stage 'b', which input 'scanners' (trivy,gitleaks) does not select; add it to 'scanners' or remove it from the stage.",
    ]);
  });

  it('a selected scanner in no stage (it would never run)', () => {
    expect(configProblems({ scanners: 'trivy,gitleaks,checkov', scheduling: 'staged', stages: 'secrets: gitleaks!' })).toEqual([
      "Input 'scanners' selects 'trivy', 'checkov', which no stage of input 'stages' lists, so they would never run; add them to a stage (e.g. 'secrets: gitleaks, trivy, checkov') or remove them from 'scanners'.",
    ]);
  });

  it('a malformed stages input is reported with the other problems, naming the input', () => {
    const problems = configProblems({ scheduling: 'staged', stages: 'a: ; b: trivy', 'fail-on': 'sometimes' });
    expect(problems).toContainEqual(expect.stringMatching(/^Input 'stages' has stage 'a' with no scanners/));
    expect(problems).toContainEqual(expect.stringMatching(/^Input 'fail-on' is 'sometimes'/));
  });
});
