// `npm run bench`: the example tree (scripts/example-tree.mjs, what `npm run scan` scans) through the pipeline
// (src/pipeline.ts runPipeline, not the bundle) with scheduling: parallel and scheduling: sequential, the wall time
// of each (median of RUNS) and their ratio. Uses the real scanners `npm run setup:scanners` built (.scanners/bin:
// Trivy, Gitleaks, Checkov) when present — the real figure; otherwise the npm builds of Trivy and Gitleaks. Says
// which ran.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { parseEnvironment } from '../src/config/environment.js';
import { settingsFromInputs } from '../src/config/settings.js';
import { workspaceReader } from '../src/findings/reader.js';
import { recordingLogger } from '../src/logger.js';
import { runPipeline } from '../src/pipeline.js';
import { SCANNERS } from '../src/scanners/registry.js';
import { processRunner, withEnvironment } from '../src/scanners/process.js';
import { writeExampleTree } from '../scripts/example-tree.mjs';
import { localScanners, realScanners, realScannerVersions } from '../scripts/local-scanners.mjs';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);

/** Which binaries to use: the real builds where each exists, else the npm builds (Checkov has none). */
function binaries(): { paths: Record<string, string>; said: string[] } {
  const paths: Record<string, string> = {};
  const said: string[] = [];
  const versions = realScannerVersions()?.scanners ?? {};
  for (const id of ['trivy', 'gitleaks', 'checkov'] as const) {
    const real = realScanners[id];
    const npm = (localScanners as Record<string, string>)[id];
    if (existsSync(real)) {
      paths[id] = real;
      said.push(`${id} ${versions[id]?.version ?? ''} (.scanners/bin, real build)`.replace('  ', ' '));
    } else if (npm && existsSync(npm)) {
      paths[id] = npm;
      said.push(`${id} (npm build: ${npm.includes('gitleaks') ? 'WASM' : 'dev'})`);
    }
  }
  return { paths, said };
}

it('scheduling: parallel vs sequential on the example tree', async () => {
  const { paths, said } = binaries();
  const ids = Object.keys(paths);
  if (!ids.includes('trivy') || !ids.includes('gitleaks')) {
    console.log(`\nscheduling bench skipped: Trivy and Gitleaks are needed (have: ${ids.join(', ') || 'none'}); run npm ci / npm run setup:scanners\n`);
    return;
  }
  const env = parseEnvironment(process.env);
  const runner = withEnvironment(processRunner, env.forScanner(undefined));
  const once = async (scheduling: 'parallel' | 'sequential') => {
    const ws = mkdtempSync(join(tmpdir(), `bench-${scheduling}-`));
    writeExampleTree(ws);
    const settings = settingsFromInputs(
      (name) =>
        ({
          scanners: ids.join(','),
          scheduling,
          'trivy-scanners': 'misconfig,secret', // offline: no vulnerability DB can be downloaded here
          'trivy-skip-check-update': 'true',
          'gitleaks-mode': 'dir',
          'fail-on': 'none',
          'upload-sarif': 'false',
          ...Object.fromEntries(Object.entries(paths).map(([id, p]) => [`${id}-path`, p])),
        })[name] ?? '',
      SCANNERS,
    );
    const t0 = performance.now();
    const { report } = await runPipeline({
      settings,
      registry: SCANNERS,
      workspace: ws,
      runner,
      logger: recordingLogger(),
      event: { name: 'workflow_dispatch' },
      environment: env,
      context: {},
      resolveBinary: async (s) => paths[s.id]!,
      readFile: workspaceReader(ws),
      now: () => new Date(),
      tool: { name: 'security-scan', version: 'bench' },
    });
    const ms = performance.now() - t0;
    rmSync(ws, { recursive: true, force: true });
    const bad = report.scanners.filter((s) => s.state !== 'ok');
    if (bad.length > 0) throw new Error(`bench run failed: ${bad.map((s) => `${s.id}: ${s.error}`).join('; ')}`);
    return { ms, perScanner: Object.fromEntries(report.scanners.map((s) => [s.id, s.durationMs])), findings: report.total };
  };
  await once('parallel'); // warm-up (file caches, Trivy's embedded checks)
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const results: Record<string, Awaited<ReturnType<typeof once>>[]> = { parallel: [], sequential: [] };
  for (let i = 0; i < RUNS; i++) {
    // Alternate so a slow moment of the machine does not fall on one side only.
    results['parallel']!.push(await once('parallel'));
    results['sequential']!.push(await once('sequential'));
  }
  const p = median(results['parallel']!.map((r) => r.ms));
  const s = median(results['sequential']!.map((r) => r.ms));
  const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const per = results['sequential']!.at(-1)!.perScanner;
  console.log(
    [
      '',
      `scheduling bench: the example tree, ${said.join(', ')}; ${availableParallelism()} CPUs; median of ${RUNS} after one warm-up`,
      `  parallel (concurrency ${availableParallelism()})     ${fmt(p)}`,
      `  sequential                  ${fmt(s)}`,
      `  sequential / parallel       ${(s / p).toFixed(2)}×`,
      `  per scanner (sequential)    ${Object.entries(per).map(([id, ms]) => `${id} ${fmt(ms)}`).join(', ')}`,
      `  findings                    ${results['parallel']![0]!.findings} (parallel) / ${results['sequential']![0]!.findings} (sequential)`,
      '',
    ].join('\n'),
  );
});
