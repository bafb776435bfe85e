// A fake `trivy` (a POSIX shell script) for tests of the Trivy adapter end to end through runOne: `--version` says
// 0.99.0 (so no help probe), every scan writes the JSON given for its target (the last argument: `.` for the tree,
// else the image name) to `--output`, or fails or hangs the way given. Every scan's argv is appended to calls.log, one line
// per call, arguments separated by tabs.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnvironment } from '../../../src/config/environment.js';
import { identify } from '../../../src/findings/identify.js';
import { recordingLogger, type RecordedLogger } from '../../../src/logger.js';
import { buildReport } from '../../../src/report/build.js';
import { renderReport } from '../../../src/report/markdown.js';
import { processRunner } from '../../../src/scanners/process.js';
import { runOne, type ScannerOutcome } from '../../../src/scanners/scan.js';
import { trivy } from '../../../src/scanners/trivy/index.js';
import type { EventInfo } from '../../../src/scanners/types.js';
import type { ScanReport } from '../../../src/report/types.js';
import { settingsFor } from '../../support/settings.js';

/** What the fake does for one target: write this report, exit with this code and stderr, or hang this long. */
export type FakeTarget = { json: string } | { exitCode: number; stderr: string } | { sleepSeconds: number };

export interface FakeTrivy {
  path: string;
  /** The argv of each scan, in order. */
  calls: () => string[][];
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function fakeTrivy(targets: Record<string, FakeTarget>): FakeTrivy {
  const dir = mkdtempSync(join(tmpdir(), 'fake-trivy-'));
  const log = join(dir, 'calls.log');
  writeFileSync(log, '');
  const cases = Object.entries(targets).map(([target, t], i) => {
    if ('sleepSeconds' in t) return `  ${quote(target)}) sleep ${t.sleepSeconds} ;;`;
    if ('json' in t) {
      const file = join(dir, `report-${i}.json`);
      writeFileSync(file, t.json);
      return `  ${quote(target)}) cat ${quote(file)} > "$out" ;;`;
    }
    const err = join(dir, `stderr-${i}.txt`);
    writeFileSync(err, t.stderr);
    return `  ${quote(target)}) cat ${quote(err)} >&2; exit ${t.exitCode} ;;`;
  });
  const script = [
    '#!/bin/sh',
    'case "$1" in --version) echo "Version: 0.99.0"; exit 0 ;; esac',
    'out=""; prev=""; last=""; line=""',
    'for a in "$@"; do [ "$prev" = "--output" ] && out="$a"; prev="$a"; last="$a"; line="$line$a	"; done',
    `printf '%s\\n' "$line" >> ${quote(log)}`,
    'case "$last" in',
    ...cases,
    '  *) echo "fake trivy: no behaviour for $last" >&2; exit 3 ;;',
    'esac',
    '',
  ].join('\n');
  const path = join(dir, 'trivy');
  writeFileSync(path, script);
  chmodSync(path, 0o755);
  return {
    path,
    calls: () => readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => l.replace(/\t$/, '').split('\t')),
  };
}

export interface TrivyRun {
  outcome: ScannerOutcome;
  report: ScanReport;
  markdown: string;
  logger: RecordedLogger;
}

/** Runs the real Trivy adapter on the fake through runOne, then builds the report and its Markdown as the pipeline does. */
export async function runTrivy(
  fake: FakeTrivy,
  inputs: Record<string, string> = {},
  /** The event (default push) and the runner's environment beyond PATH (a fake cache service, RUNNER_TEMP…). */
  run: { event?: EventInfo; env?: Record<string, string> } = {},
): Promise<TrivyRun> {
  const settings = settingsFor({ scanners: 'trivy', 'trivy-scanners': 'misconfig,secret', ...inputs });
  const workspace = mkdtempSync(join(tmpdir(), 'trivy-ws-'));
  const logger = recordingLogger();
  const outcome = await runOne(trivy, {
    scan: settings.scan,
    settingsFor: () => settings.scanners.trivy,
    workspace,
    scanRoot: workspace,
    tempRoot: mkdtempSync(join(tmpdir(), 'trivy-temp-')),
    outputDir: join(workspace, 'security-reports'),
    runner: processRunner,
    logger,
    event: run.event ?? { name: 'push' },
    environment: parseEnvironment({ PATH: process.env.PATH ?? '/usr/bin:/bin', ...run.env }),
    resolveBinary: async () => fake.path,
  });
  const findings = identify(outcome.findings, () => undefined);
  const report = buildReport([{ status: outcome.status, findings }], { scanners: ['trivy'], severities: settings.scan.severities, failOn: settings.gate.failOn }, {});
  return { outcome, report, markdown: renderReport(report, { maxChars: Infinity }), logger };
}
