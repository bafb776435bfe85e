// Snyk's output is untrusted (the pull request decides what Snyk scans and so what it prints): a document of the
// wrong shape fails Snyk with the place in the document, instead of reading as "ran, 0 findings" (or as findings
// with a made-up id or an `info` severity) and letting the gate PROCEED. Then: fast-check properties over arbitrary
// and mutated documents, and the Multitool on a sample of the SARIF that accepted documents render.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnvironment } from '../../../src/config/environment.js';
import { ScannerError } from '../../../src/errors.js';
import { identify } from '../../../src/findings/identify.js';
import { recordingLogger } from '../../../src/logger.js';
import { buildReport } from '../../../src/report/build.js';
import { renderParsed } from '../../support/parser-property.js';
import type { CommandRunner } from '../../../src/scanners/process.js';
import { runOne } from '../../../src/scanners/scan.js';
import { snyk } from '../../../src/scanners/snyk/index.js';
import type { ParsedOutput } from '../../../src/scanners/types.js';
import { multitoolUnavailableReason, validateSarifFiles, skipMultitool } from '../../support/multitool.js';
import { hostileString, mutate, mutations, type Json } from '../../support/mutate-json.js';
import { settingsFor } from '../../support/settings.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'snyk');
const load = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

function failure(doc: unknown, format: string): ScannerError {
  const text = typeof doc === 'string' ? doc : JSON.stringify(doc);
  try {
    snyk.parse(text, { format });
  } catch (e) {
    expect(e).toBeInstanceOf(ScannerError);
    return e as ScannerError;
  }
  throw new Error(`snyk.parse accepted ${text.slice(0, 200)}`);
}

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const vuln = (v: Record<string, unknown> = {}) => ({ id: 'SNYK-JS-X-1', severity: 'high', name: 'x', version: '1.0.0', from: ['app@1.0.0', 'x@1.0.0'], ...v });
const project = (p: Record<string, unknown> = {}) => ({ ok: false, projectName: 'app', displayTargetFile: 'package-lock.json', vulnerabilities: [vuln()], ...p });
const iacIssue = (i: Record<string, unknown> = {}) => ({ id: 'SNYK-CC-1', publicId: 'SNYK-CC-1', severity: 'medium', title: 'T', lineNumber: 3, ...i });
const run = (r: Record<string, unknown> = {}) => ({ tool: { driver: { name: 'SnykCode', rules: [{ id: 'js/Sqli' }] } }, results: [{ ruleId: 'js/Sqli', level: 'error', message: { text: 'm' } }], ...r });

// Each document below parsed before this change; the comment says how (checked against the previous parser).
describe('Snyk outputs of the wrong shape fail Snyk, naming the place', () => {
  it.each([
    // Parsed as a clean project (0 findings):
    ['test', { foo: 1 }, 'Snyk test output: vulnerabilities is missing (and the entry is not an error report)'],
    ['test', { vulnerabilities: 'nope' }, 'Snyk test output: vulnerabilities is a string, expected an array'],
    ['test', { vulnerabilities: [null, 1, 'x'] }, 'Snyk test output: vulnerabilities[0] is null, expected an object; vulnerabilities[1] is 1, expected an object; vulnerabilities[2] is a string, expected an object'],
    ['test', [], 'Snyk test output: the document is an empty array, expected at least 1 item'],
    ['test', [project(), { foo: 1 }], 'Snyk test output: [1].vulnerabilities is missing (and the entry is not an error report)'],
    // Parsed as findings with a made-up id, an `info` severity (below any fail-on), or two versions merged into one:
    ['test', { vulnerabilities: [vuln({ id: 5 })] }, 'Snyk test output: vulnerabilities[0].id is 5, expected a string'],
    ['test', { vulnerabilities: [vuln(), vuln(), vuln(), vuln({ id: 5 })] }, 'Snyk test output: vulnerabilities[3].id is 5, expected a string'],
    ['test', { vulnerabilities: [vuln({ severity: undefined })] }, 'Snyk test output: vulnerabilities[0].severity is missing, expected a string'],
    ['test', { vulnerabilities: [vuln({ severity: 'CRIT' })] }, 'Snyk test output: vulnerabilities[0].severity is not a Snyk severity, expected low, medium, high or critical'],
    ['test', { vulnerabilities: [vuln({ severityWithCritical: 9 })] }, 'Snyk test output: vulnerabilities[0].severityWithCritical is 9, expected a string'],
    ['test', { vulnerabilities: [vuln({ version: undefined }), vuln({ version: undefined })] }, 'Snyk test output: vulnerabilities[0].version is missing, expected a string; vulnerabilities[1].version is missing, expected a string'],
    ['test', { vulnerabilities: [vuln({ from: 'app' })] }, 'Snyk test output: vulnerabilities[0].from is a string, expected an array'],
    ['test', { vulnerabilities: [vuln({ cvssScore: 98 })] }, 'Snyk test output: vulnerabilities[0].cvssScore is 98, expected at most 10'],
    ['test', { vulnerabilities: [vuln({ identifiers: { CVE: 'CVE-2024-1' } })] }, 'Snyk test output: vulnerabilities[0].identifiers.CVE is a string, expected an array'],
    // Threw a URIError (not a ScannerError) from encodeURIComponent: a lone surrogate.
    ['test', { vulnerabilities: [vuln({ id: 'SNYK-\ud800' })] }, 'Snyk test output: vulnerabilities[0].id is not well-formed Unicode (it holds a lone surrogate)'],
    // Container: parsed as a clean image.
    ['container', { foo: 1 }, 'Snyk container test output: vulnerabilities is missing (and the entry is not an error report)'],
    ['container', { vulnerabilities: [], applications: [1, { foo: 1 }] }, 'Snyk container test output: applications[0] is 1, expected an object; applications[1].vulnerabilities is missing (and the entry is not an error report)'],
    ['container', { vulnerabilities: [], applications: [project({ vulnerabilities: [vuln({ name: null })] })] }, 'Snyk container test output: applications[0].vulnerabilities[0].name is null, expected a string'],
    // IaC: parsed as a clean file, or an issue without a severity became `info`.
    ['iac', { foo: 1 }, 'Snyk IaC test output: infrastructureAsCodeIssues is missing (and the entry is not an error report)'],
    ['iac', { infrastructureAsCodeIssues: 'x' }, 'Snyk IaC test output: infrastructureAsCodeIssues is a string, expected an array'],
    ['iac', [{ infrastructureAsCodeIssues: [null] }], 'Snyk IaC test output: [0].infrastructureAsCodeIssues[0] is null, expected an object'],
    ['iac', { infrastructureAsCodeIssues: [iacIssue({ severity: undefined })] }, 'Snyk IaC test output: infrastructureAsCodeIssues[0].severity is missing, expected a string'],
    ['iac', { infrastructureAsCodeIssues: [iacIssue({ id: undefined, publicId: undefined })] }, 'Snyk IaC test output: infrastructureAsCodeIssues[0].publicId is missing, and so is id'],
    ['iac', { infrastructureAsCodeIssues: [iacIssue({ lineNumber: 1.5 })] }, 'Snyk IaC test output: infrastructureAsCodeIssues[0].lineNumber is 1.5, expected a whole number'],
    // SARIF: parsed as a clean run (or no run at all).
    ['code-sarif', { runs: [] }, 'Snyk SARIF output: runs is an empty array, expected at least 1 item'],
    ['code-sarif', { runs: [1, null] }, 'Snyk SARIF output: runs[0] is 1, expected an object; runs[1] is null, expected an object'],
    ['code-sarif', { runs: [run({ results: undefined })] }, 'Snyk SARIF output: runs[0].results is missing, expected an array'],
    ['code-sarif', { runs: [run({ results: 'x' })] }, 'Snyk SARIF output: runs[0].results is a string, expected an array'],
    ['code-sarif', { runs: [run({ results: [1, 'x'] })] }, 'Snyk SARIF output: runs[0].results[0] is 1, expected an object; runs[0].results[1] is a string, expected an object'],
    ['code-sarif', { runs: [run({ tool: {} })] }, 'Snyk SARIF output: runs[0].tool.driver is missing, expected an object'],
    // SARIF: a result read with a default: level `info`, a line SARIF does not allow (the upload would be rejected).
    ['code-sarif', { runs: [run({ results: [{ ruleId: 'r', level: 'fatal' }] })] }, 'Snyk SARIF output: runs[0].results[0].level is a string, expected "none", "note", "warning" or "error"'],
    ['code-sarif', { runs: [run({ results: [{ ruleId: 7 }] })] }, 'Snyk SARIF output: runs[0].results[0].ruleId is 7, expected a string'],
    [
      'code-sarif',
      { runs: [run({ results: [{ ruleId: 'r', locations: [{ physicalLocation: { artifactLocation: { uri: 'a.js' }, region: { startLine: -3 } } }] }] })] },
      'Snyk SARIF output: runs[0].results[0].locations[0].physicalLocation.region.startLine is -3, expected at least 1',
    ],
    [
      'code-sarif',
      { runs: [run({ results: [{ ruleId: 'r', locations: [{ physicalLocation: { region: { startLine: 9, endLine: 2 } } }] }] })] },
      'Snyk SARIF output: runs[0].results[0].locations[0].physicalLocation.region.endLine is 2, before startLine (9)',
    ],
    ['code-sarif', { runs: [run({ results: [{ ruleId: 'r', suppressions: [{ status: 'maybe' }] }] })] }, 'Snyk SARIF output: runs[0].results[0].suppressions[0].status is a string, expected "accepted", "underReview" or "rejected"'],
    [
      'container-sarif',
      { runs: [run({ tool: { driver: { name: 'Snyk Container', rules: [{ id: 'r', properties: { 'security-severity': 'high' } }] } } })] },
      'Snyk SARIF output: runs[0].tool.driver.rules[0].properties["security-severity"] is not a score from 0 to 10 (a number written as a string)',
    ],
  ] as [string, unknown, string][])('%s: %j', (format, doc, message) => {
    const e = failure(doc, format);
    expect(e.scanner).toBe('snyk');
    expect(e.detail).toBe(message);
  });

  it('a real output with one vulnerability id replaced by a number', () => {
    const data = JSON.parse(load('snyk-test-npm-goof.json')) as { vulnerabilities: { id: unknown }[] };
    data.vulnerabilities[3]!.id = 3;
    expect(failure(data, 'test').detail).toBe('Snyk test output: vulnerabilities[3].id is 3, expected a string');
  });

  it('lists three problems, then counts the rest', () => {
    const doc = { vulnerabilities: [1, 2, 3, 4, 5].map(() => null) };
    expect(failure(doc, 'test').detail).toBe(
      'Snyk test output: vulnerabilities[0] is null, expected an object; vulnerabilities[1] is null, expected an object; vulnerabilities[2] is null, expected an object (and 2 more problems)',
    );
  });

  it('never quotes a string of the document, and bounds Snyk’s own error text', () => {
    const secret = ['ghp', '_', 'x'.repeat(36)].join('');
    expect(failure({ vulnerabilities: [vuln({ severity: secret })] }, 'test').detail).not.toContain(secret);
    expect(failure(`${secret} not json`, 'test').detail).not.toContain(secret);
    const long = failure({ ok: false, error: `${'e'.repeat(5000)}\n::error::x` }, 'test').detail;
    expect(long.length).toBeLessThan(400);
    expect(long).not.toContain('\n');
  });
});

describe('what Snyk may add or leave out is accepted', () => {
  /** Adds a field Snyk might add one day to the root and to every object inside an array. */
  function withExtras(v: Json, inArray = true): Json {
    if (Array.isArray(v)) return v.map((x) => withExtras(x, true));
    if (v === null || typeof v !== 'object') return v;
    const out: { [k: string]: Json } = {};
    for (const [k, x] of Object.entries(v)) out[k] = withExtras(x, false);
    if (inArray) out.zzFutureField = { nested: [1, 'two', null] };
    return out;
  }
  const CASES = [
    ['snyk-test-npm-goof.json', 'test'],
    ['snyk-test-all-projects-nuget.json', 'test'],
    ['snyk-container-test-with-app-vulns.json', 'container'],
    ['snyk-iac-test-arm.json', 'iac'],
    ['snyk-iac-test-terraform-v2.json', 'iac'],
    ['snyk-code-test-sarif-goof.json', 'code-sarif'],
    ['snyk-code-test-sarif-with-ignores.json', 'code-sarif'],
    ['snyk-container-test-sarif.json', 'container-sarif'],
  ] as const;

  it.each(CASES)('%s with unknown fields everywhere parses as without them', (file, format) => {
    const data = JSON.parse(load(file)) as Json;
    expect(snyk.parse(JSON.stringify(withExtras(data)), { format })).toEqual(snyk.parse(load(file), { format }));
  });

  it('null for an optional field is the field left out (Snyk writes cvssScore: null, CVSSv3: null)', () => {
    const optional = ['cvssScore', 'CVSSv3', 'description', 'exploit', 'fixedIn', 'identifiers', 'references', 'patches', 'title', 'upgradePath', 'isUpgradable'];
    const data = JSON.parse(load('snyk-test-npm-goof.json')) as { vulnerabilities: Record<string, unknown>[] };
    const nulled = { ...data, vulnerabilities: data.vulnerabilities.map((v) => ({ ...v, ...Object.fromEntries(optional.map((k) => [k, null])) })) };
    const dropped = { ...data, vulnerabilities: data.vulnerabilities.map((v) => Object.fromEntries(Object.entries(v).filter(([k]) => !optional.includes(k)))) };
    const parsed = snyk.parse(JSON.stringify(nulled), { format: 'test' });
    expect(parsed).toEqual(snyk.parse(JSON.stringify(dropped), { format: 'test' }));
    expect(parsed.findings.length).toBeGreaterThan(0);
  });

  it('error entries are still counted as failed manifests, and a clean SARIF run has results: []', () => {
    const out = snyk.parse(JSON.stringify([project(), { ok: false, error: 'Could not resolve', path: 'x' }]), { format: 'test' });
    expect(out.summary).toMatchObject({ totalManifests: 1, failedManifests: 1 });
    expect(snyk.parse(JSON.stringify({ runs: [run({ results: [] })] }), { format: 'code-sarif' }).findings).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// End to end: through runOne and the gate, with a fake runner that prints the document

describe('end to end through runOne and the gate', () => {
  async function gate(stdout: string) {
    const settings = settingsFor({ scanners: 'snyk', 'fail-on': 'high' });
    const temp = mkdtempSync(join(tmpdir(), 'snyk-schema-'));
    tempDirs.push(temp);
    const runner: CommandRunner = {
      async run(_command, args, options) {
        if (options.stdoutFile) writeFileSync(options.stdoutFile, stdout);
        return { exitCode: args[0] === '--version' ? 0 : 1, signal: null, timedOut: false, stderr: '', stdout: args[0] === '--version' ? '1.1307.4\n' : '', durationMs: 1 };
      },
    };
    const outcome = await runOne(snyk, {
      scan: settings.scan,
      settingsFor: () => settings.scanners.snyk,
      workspace: temp,
      scanRoot: temp,
      tempRoot: temp,
      outputDir: join(temp, 'security-reports'),
      runner,
      logger: recordingLogger(),
      event: { name: 'push' },
      environment: parseEnvironment({ PATH: '/usr/bin:/bin', SNYK_TOKEN: ['0f1e2d3c', '4b5a', '6978'].join('-') }),
      resolveBinary: async () => '/fake/snyk',
    });
    const findings = identify(outcome.findings, () => undefined);
    const report = buildReport([{ status: outcome.status, findings }], { scanners: ['snyk'], severities: settings.scan.severities, failOn: settings.gate.failOn }, {});
    return { outcome, report };
  }

  it.each([
    ['{"foo":1}', 'Snyk test output: vulnerabilities is missing (and the entry is not an error report)'],
    [JSON.stringify({ vulnerabilities: [vuln({ severity: 'CRIT' })] }), 'Snyk test output: vulnerabilities[0].severity is not a Snyk severity, expected low, medium, high or critical'],
  ])('%s → Snyk failed and the gate BLOCKs (it was "ran" and PROCEED)', async (stdout, error) => {
    const { outcome, report } = await gate(stdout);
    expect(outcome.status.state).toBe('failed');
    expect(outcome.status.error).toBe(error);
    expect(report.gate.decision).toBe('BLOCK');
  });

  it('the real output still gives its findings', async () => {
    const { outcome } = await gate(load('snyk-test-all-projects-nuget.json'));
    expect(outcome.status.state).toBe('ok');
    expect(outcome.findings).toHaveLength(3);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties

type Family = 'json' | 'sarif';
const FORMATS = ['test', 'container', 'iac', 'code-sarif', 'container-sarif'] as const;
const familyOf = (format: string): Family => (format.endsWith('sarif') ? 'sarif' : 'json');

const figures = { json: { runs: 0, accepted: 0, rejected: 0, findings: 0 }, sarif: { runs: 0, accepted: 0, rejected: 0, findings: 0 } };

/** Parses, accepting only findings or a ScannerError of snyk; renders the SARIF of accepted findings as the pipeline does. */
function attempt(text: string, format: string | undefined, target?: string): ParsedOutput | undefined {
  const family = familyOf(format ?? (text.includes('"runs"') ? 'sarif' : 'json'));
  figures[family].runs += 1;
  let parsed: ParsedOutput;
  try {
    parsed = snyk.parse(text, { ...(format ? { format } : {}), ...(target ? { target } : {}) });
  } catch (e) {
    if (!(e instanceof ScannerError) || e.scanner !== 'snyk') throw e;
    expect(e.detail.length).toBeLessThan(1500);
    figures[family].rejected += 1;
    return undefined;
  }
  figures[family].accepted += 1;
  figures[family].findings += parsed.findings.length;
  const sarif = render(parsed);
  expect((JSON.parse(sarif) as { runs: { results: unknown[] }[] }).runs[0]!.results.length).toBeLessThanOrEqual(parsed.findings.length);
  return parsed;
}

/** Accepted mutations of each fixture that changed a field the parsers read and kept findings: the Multitool's sample. */
const SAMPLE_PER_FAMILY = 10;
interface Candidate {
  family: Family;
  what: string;
  parsed: ParsedOutput;
}
const candidates = new Map<string, Candidate[]>();
function candidatesOf(file: string): Candidate[] {
  if (!candidates.has(file)) candidates.set(file, []);
  return candidates.get(file)!;
}
/** Round robin over the fixtures of a family. */
function chosen(family: Family): Candidate[] {
  const lists = [...candidates.values()].filter((l) => l[0]?.family === family);
  const out: Candidate[] = [];
  for (let i = 0; out.length < SAMPLE_PER_FAMILY && lists.some((l) => i < l.length); i++) for (const l of lists) if (l[i] && out.length < SAMPLE_PER_FAMILY) out.push(l[i]!);
  return out;
}

/** The pipeline's rendering (paths made workspace-relative, identify, merge, SARIF). */
const render = (parsed: ParsedOutput): string => renderParsed(snyk, parsed);

/** Objects built from the keys the parsers read, with arbitrary values: reaches deep into the schemas. */
const KEYS = [
  'vulnerabilities', 'id', 'severity', 'severityWithCritical', 'name', 'version', 'from', 'packageName', 'title', 'identifiers', 'CVE', 'CWE',
  'references', 'url', 'fixedIn', 'upgradePath', 'isUpgradable', 'isPatchable', 'cvssScore', 'applications', 'ok', 'error', 'filtered', 'ignore',
  'infrastructureAsCodeIssues', 'publicId', 'lineNumber', 'remediation', 'iacDescription', 'isIgnored', 'runs', 'tool', 'driver', 'rules',
  'results', 'ruleId', 'ruleIndex', 'level', 'message', 'text', 'locations', 'physicalLocation', 'artifactLocation', 'uri', 'region',
  'startLine', 'endLine', 'suppressions', 'status', 'shortDescription', 'properties', 'logicalLocations', 'fullyQualifiedName',
];
const shaped = fc.object({
  key: fc.constantFrom(...KEYS),
  maxDepth: 5,
  maxKeys: 6,
  values: [hostileString, fc.integer({ min: -2, max: 12 }), fc.boolean(), fc.constant(null), fc.constantFrom('high', 'critical', 'error', 'SnykCode', 'Snyk Container')],
});

describe('property: arbitrary input gives findings or a ScannerError, never another exception', () => {
  const formats = fc.constantFrom<string | undefined>(...FORMATS, undefined);

  it('random text', () => {
    fc.assert(fc.property(fc.oneof(hostileString, fc.string({ unit: 'binary', maxLength: 300 })), formats, (text, format) => void attempt(text, format)), { numRuns: 500 });
  });

  it('random JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), formats, (v, format) => void attempt(JSON.stringify(v), format)), { numRuns: 500 });
  });

  it('objects and arrays with the keys the parsers read', () => {
    fc.assert(fc.property(fc.oneof(shaped, fc.array(shaped, { maxLength: 3 })), formats, (v, format) => void attempt(JSON.stringify(v), format)), { numRuns: 1500 });
  });

  it.each([
    ['snyk-test-npm-goof.json', 'test', undefined],
    ['snyk-test-all-projects-nuget.json', 'test', 'api/obj/project.assets.json'],
    ['snyk-container-test-with-app-vulns.json', 'container', 'vulnerable:latest'],
    ['snyk-iac-test-arm.json', 'iac', undefined],
    ['snyk-iac-test-terraform-v2.json', 'iac', 'infra/vpc.tf'],
    ['snyk-code-test-sarif-goof.json', 'code-sarif', undefined],
    ['snyk-code-test-sarif-with-ignores.json', 'code-sarif', undefined],
    ['snyk-container-test-sarif.json', 'container-sarif', 'alpine'],
  ] as const)('mutations of %s (drop, null, any JSON, a hostile value of the same type)', (file, format, target) => {
    const doc = JSON.parse(load(file)) as Json;
    fc.assert(
      fc.property(mutations(4), fc.boolean(), (list, detect) => {
        const { doc: mutated, done } = mutate(doc, list, KEYS);
        const parsed = attempt(JSON.stringify(mutated), detect ? undefined : format, target);
        const kept = candidatesOf(file);
        if (parsed && parsed.findings.length > 0 && done.some((d) => d.focused) && kept.length < SAMPLE_PER_FAMILY) {
          kept.push({ family: familyOf(format), what: `${file}: ${done.map((d) => d.text).join(', ')}`, parsed });
        }
      }),
      { numRuns: 250 },
    );
  });
});

const unavailable = multitoolUnavailableReason();

describe('property: accepted documents render SARIF that passes the Multitool (a sample)', () => {
  afterAll(() => {
    const line = (f: Family) => `${f}: ${figures[f].runs} runs, ${figures[f].accepted} accepted (${figures[f].findings} findings), ${figures[f].rejected} ScannerError, ${chosen(f).length} validated`;
    console.log(`snyk property figures\n  ${line('json')}\n  ${line('sarif')}`);
    console.log(['json', 'sarif'].flatMap((f) => chosen(f as Family).map((c) => `  ${c.what}`)).join('\n'));
  });

  it('both parser families accepted and refused documents', () => {
    for (const f of ['json', 'sarif'] as const) {
      expect(figures[f].accepted).toBeGreaterThan(100);
      expect(figures[f].rejected).toBeGreaterThan(100);
      expect(chosen(f).length).toBe(SAMPLE_PER_FAMILY);
    }
  });

  it.skipIf(skipMultitool(unavailable))(`0 Multitool errors${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'snyk-property-sarif-'));
    tempDirs.push(dir);
    const files = (['json', 'sarif'] as const).flatMap((f) =>
      chosen(f).map((s, i) => {
        const path = join(dir, `${f}-${i}.sarif`);
        writeFileSync(path, render(s.parsed));
        return { path, what: s.what };
      }),
    );
    const reports = validateSarifFiles(files.map((f) => f.path));
    for (const f of files) expect({ input: f.what, errors: reports.get(f.path)!.errors }).toEqual({ input: f.what, errors: [] });
  }, 240_000);
});
