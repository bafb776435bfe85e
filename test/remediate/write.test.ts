import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { writeRemediationPatch } from '../../src/remediate/write.js';
import { fixtureFindings } from './support.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const logger = () => {
  const lines: string[] = [];
  return { lines, debug: () => {}, info: (m: string) => lines.push(m), warning: (m: string) => lines.push(`warn: ${m}`), error: (m: string) => lines.push(`error: ${m}`), group: <T,>(_: string, fn: () => Promise<T>) => fn() };
};

it('writes remediation.patch into output-dir only, and nothing when no direct dependency needs a bump', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'remediate-ws-'));
  dirs.push(ws);
  const out = join(ws, 'out');
  mkdirSync(out);
  const pkg = '{\n  "dependencies": {\n    "lodash": "^4.17.4"\n  }\n}\n';
  writeFileSync(join(ws, 'package.json'), pkg);
  const findings = fixtureFindings('trivy', 'repo-pnpm-lockfile.json.golden');
  const log = logger();
  const file = await writeRemediationPatch(findings, { outputDir: out, workspace: ws, logger: log });
  expect(file).toBe(join(out, 'remediation.patch'));
  expect(readFileSync(file!, 'utf8')).toContain('-    "lodash": "^4.17.4"\n+    "lodash": "^4.17.12"\n');
  expect(readFileSync(join(ws, 'package.json'), 'utf8')).toBe(pkg);
  expect(log.lines).toContain(`remediation.patch: 1 version bump(s) written to ${file}.`);
  rmSync(file!);
  writeFileSync(join(ws, 'package.json'), '{ "dependencies": { "lodash": "^4.17.21" } }\n');
  const none = await writeRemediationPatch(findings, { outputDir: out, workspace: ws, logger: log });
  expect(none).toBeUndefined();
  expect(existsSync(join(out, 'remediation.patch'))).toBe(false);
});
