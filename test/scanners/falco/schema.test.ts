// Falco's events file is untrusted (the job under test runs beside Falco and can write to it): an event of the wrong
// shape, or a file with no Falco event at all, fails Falco with the line and the field instead of reading as
// "ran, 0 findings" (or as an event whose alert is dropped) and letting the gate PROCEED. Lines that are not JSON
// (a truncated last line) are still counted, not fatal. Then: fast-check properties over arbitrary and mutated
// files, and the Multitool on a sample of the SARIF that accepted files render.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnvironment } from '../../../src/config/environment.js';
import { ScannerError } from '../../../src/errors.js';
import { identify } from '../../../src/findings/identify.js';
import { recordingLogger } from '../../../src/logger.js';
import { buildReport } from '../../../src/report/build.js';
import { renderParsed } from '../../support/parser-property.js';
import { falco, parseFalco } from '../../../src/scanners/falco/index.js';
import type { CommandRunner } from '../../../src/scanners/process.js';
import { runOne } from '../../../src/scanners/scan.js';
import type { ParsedOutput } from '../../../src/scanners/types.js';
import { multitoolUnavailableReason, validateSarifFiles, skipMultitool } from '../../support/multitool.js';
import { hostileNumber, hostileString, mutate, mutations, type Json } from '../../support/mutate-json.js';
import { settingsFor } from '../../support/settings.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'falco');
const load = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const MIXED = 'falco-docs-mixed-events.jsonl';
const REPO = 'falco-repo-single_rule_with_cat_write.json';

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const event = (e: Record<string, unknown> = {}) => ({ rule: 'Terminal shell in container', priority: 'Critical', output: '10:00:00.0: Critical shell', tags: ['container', 'shell'], ...e });
const lines = (...events: unknown[]) => events.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('\n');

function failure(text: string): ScannerError {
  try {
    parseFalco(text, { target: 'e.jsonl' });
  } catch (e) {
    expect(e).toBeInstanceOf(ScannerError);
    return e as ScannerError;
  }
  throw new Error(`parseFalco accepted ${text.slice(0, 200)}`);
}

// Each file below parsed before this change; the comment says how (checked against the previous parser).
describe('Falco files of the wrong shape fail Falco, naming the line and the field', () => {
  it.each([
    // No event at all, yet "ran, 0 findings" (every object was taken for a non-event line):
    [lines({ foo: 1 }, { bar: 2 }), "e.jsonl has no Falco JSON event (2 JSON object(s) without 'rule', 'priority' or 'output', first at line 1). Is json_output enabled?"],
    [lines({ Rule: 'Terminal shell in container', Priority: 'Critical' }), "e.jsonl has no Falco JSON event (1 JSON object(s) without 'rule', 'priority' or 'output', first at line 1). Is json_output enabled?"],
    // The wrong-shaped event was counted as a malformed line and dropped; the other events passed:
    [lines(event({ priority: 'Notice' }), event({ priority: 'CRITICAL!' })), 'e.jsonl line 2: priority is not a Falco priority, expected Emergency, Alert, Critical, Error, Warning, Notice, Informational or Debug'],
    [lines(event(), event({ rule: 5 })), 'e.jsonl line 2: rule is 5, expected a string'],
    [lines(event(), event({ rule: '  ' })), 'e.jsonl line 2: rule is blank'],
    [lines(event(), { priority: 'Critical', output: 'x' }), 'e.jsonl line 2: rule is missing, expected a string'],
    // Read with a field ignored: the category (so the falco-rules-enabled filter), the target or a property was wrong.
    [lines(event({ tags: 'mitre_privilege_escalation' })), 'e.jsonl line 1: tags is a string, expected an array'],
    [lines(event({ tags: ['container', 7] })), 'e.jsonl line 1: tags[1] is 7, expected a string'],
    [lines(event({ output_fields: 'k8s.pod.name=x' })), 'e.jsonl line 1: output_fields is a string, expected an object'],
    [lines(event({ output_fields: { 'k8s.pod.name': { name: 'x' } } })), 'e.jsonl line 1: output_fields["k8s.pod.name"] is an object, expected a string, a number or null'],
    [lines(event({ output_fields: { 'k8s.ns.name ': ['a'] } })), 'e.jsonl line 1: output_fields["k8s.ns.name "] is an array, expected a string, a number or null'],
    [lines(event({ time: 1685022245 })), 'e.jsonl line 1: time is 1685022245, expected a string'],
    [lines(event({ hostname: true })), 'e.jsonl line 1: hostname is true, expected a string'],
    [lines(event({ output: ['a'] })), 'e.jsonl line 1: output is an array, expected a string'],
    // Parsed, then made renderSarif throw a URIError (a lone surrogate in the target's URI).
    [lines(event({ hostname: 'host-\ud800' })), 'e.jsonl line 1: hostname is not well-formed Unicode (it holds a lone surrogate)'],
    [lines(event({ output_fields: { 'container.name': 'c\udc00' } })), 'e.jsonl line 1: output_fields["container.name"] is not well-formed Unicode (it holds a lone surrogate)'],
  ])('%s', (text, message) => {
    const e = failure(text);
    expect(e.scanner).toBe('falco');
    expect(e.detail).toBe(message);
  });

  it('a real file with one event’s priority replaced by a number fails on that line', () => {
    const text = load(MIXED).split('\n');
    text[4] = JSON.stringify({ ...(JSON.parse(text[4]!) as object), priority: 3 });
    expect(failure(text.join('\n')).detail).toBe('e.jsonl line 5: priority is 3, expected a string');
  });

  it('never quotes a string of the file', () => {
    const secret = ['ghp', '_', 'y'.repeat(36)].join('');
    expect(failure(lines(event({ priority: secret }))).detail).not.toContain(secret);
    expect(failure(`{"rule": "${secret}`).detail).not.toContain(secret);
  });
});

describe('what Falco may add, leave out or interleave is accepted', () => {
  it('unknown fields, output_fields of any type that the parser does not read, legacy lines', () => {
    const fields = { 'proc.name': 'sh', 'k8s.pod.name': 'p', 'k8s.ns.name': 'ns' };
    const plain = event({ output_fields: fields });
    const extra = { ...plain, zzFuture: { a: [1] }, output_fields: { ...fields, 'ka.req.pod.volumes': ['a', 'b'], 'json.value': { x: 1 }, 'evt.is_open_write': true, 'user.name': null } };
    const a = parseFalco(lines(plain)).findings;
    const b = parseFalco(lines(extra)).findings;
    expect(b).toEqual(a);
    expect(parseFalco(lines({ rule: 'R', priority: 'info', output: 'x' })).findings[0]).toMatchObject({ severity: 'info', properties: { categoryFrom: 'default' } });
  });

  it('a truncated last line, text and a log line are counted; a file of metrics snapshots only is a clean run', () => {
    const text = lines(event(), 'Events detected: 1', { level: 'info', msg: 'x' }, JSON.stringify(event()).slice(0, 30));
    expect(parseFalco(text).summary).toMatchObject({ events: 1, malformedLines: 2, malformedLineNumbers: '2,4', nonEventLines: 1 });
    const snapshot = { rule: 'Falco internal: metrics snapshot', priority: 'Informational', output_fields: { 'falco.version': '0.39.2' }, source: 'internal' };
    expect(parseFalco(lines(snapshot, { level: 'info' }))).toEqual({ findings: [], summary: { events: 0, malformedLines: 0, nonEventLines: 2 } });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// End to end: through runOne, Falco's filters and the gate

describe('end to end through runOne and the gate', () => {
  const noProcess: CommandRunner = {
    run() {
      throw new Error('falco runs no process');
    },
  };

  async function gate(events: string, inputs: Record<string, string> = {}) {
    const workspace = mkdtempSync(join(tmpdir(), 'falco-schema-'));
    tempDirs.push(workspace);
    mkdirSync(join(workspace, 'logs'));
    writeFileSync(join(workspace, 'logs', 'falco.jsonl'), events);
    const settings = settingsFor({ scanners: 'falco', 'falco-events': 'logs/falco.jsonl', 'falco-deploy-files': 'false', 'fail-on': 'high', ...inputs });
    const outcome = await runOne(falco, {
      scan: settings.scan,
      settingsFor: () => settings.scanners.falco,
      workspace,
      scanRoot: workspace,
      tempRoot: workspace,
      outputDir: join(workspace, 'security-reports'),
      runner: noProcess,
      logger: recordingLogger(),
      event: { name: 'push' },
      environment: parseEnvironment({ PATH: '/usr/bin:/bin' }),
      resolveBinary: async () => '',
    });
    const findings = identify(outcome.findings, () => undefined);
    const report = buildReport([{ status: outcome.status, findings }], { scanners: ['falco'], severities: settings.scan.severities, failOn: settings.gate.failOn }, {});
    return { outcome, report };
  }

  it.each([
    [lines({ foo: 1 }), {}, "logs/falco.jsonl has no Falco JSON event (1 JSON object(s) without 'rule', 'priority' or 'output', first at line 1). Is json_output enabled?"],
    // Before: the string tags were ignored, the event fell back to malicious_behavior and this filter dropped it.
    [lines(event({ tags: 'mitre_privilege_escalation' })), { 'falco-rules-enabled': 'privilege_escalation' }, 'logs/falco.jsonl line 1: tags is a string, expected an array'],
    // Before: the second line was counted as malformed and its alert dropped; the Notice one is below fail-on.
    [lines(event({ priority: 'Notice' }), event({ priority: 'Critcal' })), {}, 'logs/falco.jsonl line 2: priority is not a Falco priority, expected Emergency, Alert, Critical, Error, Warning, Notice, Informational or Debug'],
  ])('%s → Falco failed and the gate BLOCKs (it was "ran" and PROCEED)', async (events, inputs, error) => {
    const { outcome, report } = await gate(events, inputs);
    expect(outcome.status.state).toBe('failed');
    expect(outcome.status.error).toBe(error);
    expect(report.gate.decision).toBe('BLOCK');
  });

  it('the real file still gives its events, and an empty file is a clean run', async () => {
    const real = await gate(load(MIXED));
    expect(real.outcome.status.state).toBe('ok');
    expect(real.outcome.status.rawCount).toBe(13);
    const empty = await gate('');
    expect(empty.outcome.status.state).toBe('ok');
    expect(empty.report.gate.decision).toBe('PROCEED');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties

const figures = { runs: 0, accepted: 0, rejected: 0, findings: 0 };

/** The pipeline's rendering (identify, merge, SARIF). */
const render = (parsed: ParsedOutput): string => renderParsed(falco, parsed);

/** Parses, accepting only findings or a ScannerError of falco; renders the SARIF of accepted findings. */
function attempt(text: string, target?: string): ParsedOutput | undefined {
  figures.runs += 1;
  let parsed: ParsedOutput;
  try {
    parsed = falco.parse(text, target ? { target } : {});
  } catch (e) {
    if (!(e instanceof ScannerError) || e.scanner !== 'falco') throw e;
    expect(e.detail.length).toBeLessThan(1500);
    figures.rejected += 1;
    return undefined;
  }
  figures.accepted += 1;
  figures.findings += parsed.findings.length;
  const summary = parsed.summary as { events: number; malformedLines: number; nonEventLines: number };
  expect(summary.events).toBe(parsed.findings.length);
  expect(summary.events + summary.malformedLines + summary.nonEventLines).toBe(text.split(/\r?\n/).filter((l) => l.trim() !== '').length);
  render(parsed);
  return parsed;
}

const KEYS = ['rule', 'priority', 'output', 'output_fields', 'tags', 'time', 'source', 'hostname', 'container.id', 'container.name', 'container.image.repository', 'k8s.ns.name', 'k8s.pod.name', 'proc.name', 'user.name'];
const PRIORITIES = ['Emergency', 'Alert', 'Critical', 'Error', 'Warning', 'Notice', 'Informational', 'Debug', 'info', 'CRITICAL', ' notice '];

/** Event-like objects: the keys the parser reads, mostly with values of the right type (hostile text), sometimes not. */
const rightOrWrong = <T>(right: fc.Arbitrary<T>, wrong: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: right, weight: 4 }, { arbitrary: wrong, weight: 1 });
const shapedEvent = fc.record(
  {
    rule: rightOrWrong(fc.oneof(hostileString, fc.constantFrom('Terminal shell in container', 'Falco internal: metrics snapshot')), hostileNumber),
    priority: rightOrWrong(fc.constantFrom(...PRIORITIES), fc.oneof(hostileString, hostileNumber)),
    output: rightOrWrong(hostileString, fc.jsonValue()),
    output_fields: rightOrWrong(
      fc.dictionary(fc.constantFrom(...KEYS.slice(8), 'proc.cmdline', ' k8s.pod.name'), fc.oneof(hostileString, hostileNumber, fc.constant(null))),
      fc.oneof(hostileString, fc.dictionary(fc.constantFrom(...KEYS.slice(8)), fc.jsonValue())),
    ),
    tags: rightOrWrong(fc.array(fc.oneof(fc.constantFrom('mitre_privilege_escalation', 'network', 'maturity_sandbox', 'T1611'), hostileString)), hostileString),
    time: rightOrWrong(hostileString, hostileNumber),
    source: rightOrWrong(hostileString, fc.jsonValue()),
    hostname: rightOrWrong(hostileString, hostileNumber),
  },
  { requiredKeys: [] },
);

/** The Multitool's sample: accepted files with findings, taken round robin from each source (shaped, each fixture). */
const SAMPLE = 20;
const candidates = new Map<string, { what: string; parsed: ParsedOutput }[]>();
const keep = (source: string, what: string, parsed: ParsedOutput | undefined) => {
  const list = candidates.get(source) ?? [];
  candidates.set(source, list);
  if (parsed && parsed.findings.length > 0 && list.length < SAMPLE) list.push({ what, parsed });
};
function chosen(): { what: string; parsed: ParsedOutput }[] {
  const lists = [...candidates.values()];
  const out: { what: string; parsed: ParsedOutput }[] = [];
  for (let i = 0; out.length < SAMPLE && lists.some((l) => i < l.length); i++) for (const l of lists) if (l[i] && out.length < SAMPLE) out.push(l[i]!);
  return out;
}

describe('property: arbitrary input gives findings or a ScannerError, never another exception', () => {
  it('random text', () => {
    fc.assert(fc.property(fc.array(hostileString, { maxLength: 5 }), (l) => void attempt(l.join('\n'))), { numRuns: 500 });
  });

  it('random JSON lines', () => {
    fc.assert(fc.property(fc.array(fc.jsonValue(), { maxLength: 5 }), (l) => void attempt(lines(...l.map((v) => JSON.stringify(v))))), { numRuns: 500 });
  });

  it('event-shaped lines with hostile values', () => {
    fc.assert(
      fc.property(fc.array(shapedEvent, { minLength: 1, maxLength: 4 }), (events) => keep('shaped', `shaped: ${JSON.stringify(events).slice(0, 300)}`, attempt(lines(...events), 'events.jsonl'))),
      { numRuns: 1500 },
    );
  });

  it.each([MIXED, REPO])('mutations of %s (drop, null, any JSON, a hostile value of the same type; truncated or extra lines)', (file) => {
    const events = load(file).split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Json);
    fc.assert(
      fc.property(mutations(4), fc.option(fc.nat()), fc.option(fc.tuple(fc.nat(), hostileString)), (list, truncate, insert) => {
        const { doc, done } = mutate(events, list, KEYS);
        const text = (doc as Json[]).map((e) => JSON.stringify(e));
        if (truncate !== null && text.length > 0) text[text.length - 1] = text.at(-1)!.slice(0, truncate % text.at(-1)!.length);
        if (insert !== null) text.splice(insert[0] % (text.length + 1), 0, insert[1]);
        const parsed = attempt(text.join('\n'), 'falco-events.jsonl');
        // Into the sample only when a mutation changed a field the parser reads.
        if (done.some((d) => d.focused)) keep(file, `${file}: ${done.map((d) => d.text).join(', ')}`, parsed);
      }),
      { numRuns: 500 },
    );
  });
});

const unavailable = multitoolUnavailableReason();

describe('property: accepted files render SARIF that passes the Multitool (a sample)', () => {
  afterAll(() => {
    console.log(
      `falco property figures: ${figures.runs} runs, ${figures.accepted} accepted (${figures.findings} findings), ${figures.rejected} ScannerError, ${chosen().length} validated\n${chosen().map((s) => `  ${s.what}`).join('\n')}`,
    );
  });

  it('the parser accepted and refused files', () => {
    expect(figures.accepted).toBeGreaterThan(100);
    expect(figures.rejected).toBeGreaterThan(100);
    expect(chosen()).toHaveLength(SAMPLE);
  });

  it.skipIf(skipMultitool(unavailable))(`0 Multitool errors${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'falco-property-sarif-'));
    tempDirs.push(dir);
    const files = chosen().map((s, i) => {
      const path = join(dir, `${i}.sarif`);
      writeFileSync(path, render(s.parsed));
      return { path, what: s.what };
    });
    const reports = validateSarifFiles(files.map((f) => f.path));
    for (const f of files) expect({ input: f.what, errors: reports.get(f.path)!.errors }).toEqual({ input: f.what, errors: [] });
  }, 240_000);
});
