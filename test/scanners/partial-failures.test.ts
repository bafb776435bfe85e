// runOne with partial failures (ScanRun.failures, and an output its parser refuses when there are several): the
// scanner is `failed` with an error naming each failed target, and the other targets' findings are kept — for any
// scanner, not only Trivy. Fake scanner objects; no process is started.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { decideGate } from '../../src/assess/gate.js';
import { gateOptions } from '../support/report-builder.js';
import { countBySeverity } from '../../src/assess/counts.js';
import { parseEnvironment } from '../../src/config/environment.js';
import { ScannerError } from '../../src/errors.js';
import type { RawFinding } from '../../src/findings/model.js';
import { recordingLogger, type RecordedLogger } from '../../src/logger.js';
import { partialFailureMessage, runOne, type ExecuteDeps } from '../../src/scanners/scan.js';
import { takeText, type AnyScanner, type ParsedOutput, type RawOutput, type ScanContext, type ScanRun } from '../../src/scanners/types.js';
import { settingsFor } from '../support/settings.js';

let tempRoot = '';
beforeAll(() => {
  tempRoot = mkdtempSync(join(tmpdir(), 'partial-test-'));
});
afterAll(() => rmSync(tempRoot, { recursive: true, force: true }));

function deps(): ExecuteDeps & { logger: RecordedLogger } {
  return {
    scan: settingsFor().scan,
    settingsFor: () => ({}),
    workspace: '/ws',
    scanRoot: '/ws',
    tempRoot,
    outputDir: '/ws/security-reports',
    runner: { run: () => Promise.reject(new Error('no process should be started in these tests')) },
    event: { name: 'push' },
    environment: parseEnvironment({}),
    resolveBinary: async (s) => `/usr/bin/${s.id}`,
    logger: recordingLogger(),
  };
}

function finding(target: string | undefined, n: number): RawFinding {
  return {
    kind: 'vulnerability',
    ruleId: `CVE-2020-${n}`,
    title: `advisory ${n}`,
    severity: 'low',
    location: target === undefined ? { path: 'package-lock.json' } : { target },
    source: { scanner: 'fake', ruleId: `CVE-2020-${n}`, severity: 'LOW' },
  };
}

/** Writes each target's findings (or a text its parser refuses) to its own output, as a multi-target scanner does. */
function fake(o: {
  targets: [string | undefined, RawFinding[] | string][];
  failures?: ScanRun['failures'];
  parse?: (text: string, output: Omit<RawOutput, 'file'>) => ParsedOutput;
  refine?: AnyScanner['refine'];
  published?: string[];
}): AnyScanner {
  return {
    id: 'fake',
    displayName: 'Fake',
    informationUri: 'https://example.org/fake',
    binary: { name: 'fake', pathInput: 'fake-path', installHint: 'install fake' },
    inputs: {},
    schema: z.object({}),
    run: async (ctx: ScanContext<unknown>) => {
      const outputs = o.targets.map(([target, content], i) => {
        const file = join(ctx.tempDir, `${i}.json`);
        writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
        return target === undefined ? { file } : { file, target };
      });
      return { outputs, version: '1.0.0', ...(o.failures ? { failures: o.failures } : {}), ...(o.published ? { published: o.published } : {}) };
    },
    parse: (input, output) =>
      (
        o.parse ??
        ((text: string) => {
          const v = JSON.parse(text) as unknown;
          if (!Array.isArray(v)) throw new ScannerError('fake', 'output is not a list of findings');
          return { findings: v as RawFinding[], summary: { items: v.length } };
        })
      )(takeText(input), output),
    ...(o.refine ? { refine: o.refine } : {}),
  };
}

describe('runOne: a run that reports failed targets (ScanRun.failures)', () => {
  it('failed, naming the target; the other targets’ findings, raw count, version and summary are kept; the gate blocks', async () => {
    const d = deps();
    const s = fake({ targets: [[undefined, [finding(undefined, 1)]], ['app:1', [finding('app:1', 2), finding('app:1', 3)]]], failures: [{ target: 'db:1', error: 'exited with code 1:\nFATAL no such image' }] });
    const out = await runOne(s, d);
    expect(out.status).toMatchObject({
      state: 'failed',
      error: "'db:1' failed (1 of 3 targets; the other 2 were scanned and their findings kept): exited with code 1:\nFATAL no such image",
      version: '1.0.0',
      rawCount: 3,
      summary: { items: 3 },
    });
    expect(out.findings.map((f) => f.ruleId)).toEqual(['CVE-2020-1', 'CVE-2020-2', 'CVE-2020-3']);
    expect(d.logger.lines.filter((l) => l.level === 'error').map((l) => l.message)).toEqual([`Fake failed: ${out.status.error}`]);
    // fail-on none ignores findings, never a failed scanner
    const gate = decideGate(countBySeverity(out.findings.map((f) => ({ ...f, fingerprint: f.ruleId, sources: [f.source] }))), [out.status], gateOptions('none'));
    expect(gate.decision).toBe('BLOCK');
    expect(gate.failedScanners).toEqual(['fake']);
  });

  it('refine still applies to the kept findings, and published files are kept', async () => {
    const s = fake({
      targets: [['app:1', [finding('app:1', 1), finding('app:1', 2)]]],
      failures: [{ target: 'db:1', error: 'boom' }],
      refine: (fs: RawFinding[]) => ({ kept: fs.slice(1), dropped: 1 }),
      published: ['/ws/security-reports/x'],
    });
    const out = await runOne(s, deps());
    expect(out.status).toMatchObject({ state: 'failed', rawCount: 2, filtered: 1 });
    expect(out.findings.map((f) => f.ruleId)).toEqual(['CVE-2020-2']);
    expect(out.published).toEqual(['/ws/security-reports/x']);
  });

  it('every target failed: failed naming each, no findings', async () => {
    const s = fake({ targets: [], failures: [{ error: 'fs scan error' }, { target: 'db:1', error: 'no such image' }] });
    const out = await runOne(s, deps());
    expect(out.status.state).toBe('failed');
    expect(out.status.error).toBe("2 of 2 targets failed (the scan root, 'db:1'):\n- the scan root: fs scan error\n- 'db:1': no such image");
    expect(out.findings).toEqual([]);
  });
});

describe('runOne: an output its parser refuses, among several', () => {
  it('is that target’s failure; the other outputs are read and kept', async () => {
    const s = fake({ targets: [['a:1', [finding('a:1', 1)]], ['b:2', '{"not":"a list"}'], ['c:3', [finding('c:3', 3)]]] });
    const out = await runOne(s, deps());
    expect(out.status).toMatchObject({
      state: 'failed',
      error: "'b:2' failed (1 of 3 targets; the other 2 were scanned and their findings kept): output is not a list of findings",
      rawCount: 2,
      summary: { items: 2 },
    });
    expect(out.findings.map((f) => f.location.target)).toEqual(['a:1', 'c:3']);
  });

  it('an output without a target is named the scan root', async () => {
    const s = fake({ targets: [[undefined, 'nope'], ['a:1', [finding('a:1', 1)]]], parse: (text) => {
      if (text === 'nope') throw new ScannerError('fake', 'output is not valid JSON');
      return { findings: JSON.parse(text) as RawFinding[] };
    } });
    const out = await runOne(s, deps());
    expect(out.status.error).toBe('the scan root failed (1 of 2 targets; the other was scanned and its findings kept): output is not valid JSON');
    expect(out.findings).toHaveLength(1);
  });

  it('a single output that is refused fails the scanner with the parser’s own message, as before', async () => {
    const s = fake({ targets: [['a:1', '{}']] });
    const out = await runOne(s, deps());
    expect(out.status).toMatchObject({ state: 'failed', error: 'output is not a list of findings', rawCount: 0 });
    expect(out.findings).toEqual([]);
  });

  it('a parser that crashes (not a ScannerError) fails the whole scanner: a bug is not taken for one bad target', async () => {
    const s = fake({
      targets: [['a:1', [finding('a:1', 1)]], ['b:2', 'x']],
      parse: (text) => {
        if (text === 'x') throw new TypeError("Cannot read properties of undefined (reading 'y')");
        return { findings: JSON.parse(text) as RawFinding[] };
      },
    });
    const out = await runOne(s, deps());
    expect(out.status).toMatchObject({ state: 'failed', error: "Cannot read properties of undefined (reading 'y')" });
    expect(out.findings).toEqual([]);
  });
});

describe('partialFailureMessage', () => {
  it.each([
    [[{ target: 'db:1', error: 'e' }], 2, "'db:1' failed (1 of 2 targets; the other was scanned and its findings kept): e"],
    [[{ error: 'e' }], 1, 'the scan root failed (1 of 1 target): e'],
    [[{ target: 'a', error: 'x' }, { target: 'b', error: 'y' }], 5, "2 of 5 targets failed ('a', 'b'; the other 3 were scanned and their findings kept):\n- 'a': x\n- 'b': y"],
  ] as const)('%j of %i', (failures, targets, text) => {
    expect(partialFailureMessage(failures, targets)).toBe(text);
  });
});
