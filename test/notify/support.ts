/** Local servers and planted secrets for the notification tests. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordingLogger, type RecordedLogger } from '../../src/logger.js';
import { writeReports, type WrittenReports } from '../../src/report/write.js';
import type { ScanReport } from '../../src/report/types.js';
import { makeFinding, makeReport, makeStatus } from '../support/report-builder.js';

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  text: string;
}

export interface Recorder {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 that records every request and answers with `respond`. */
export async function startRecorder(respond: (r: Received) => { status: number; body?: string; headers?: Record<string, string> }): Promise<Recorder> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const r: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, raw, text: raw.toString('utf8') };
      received.push(r);
      const a = respond(r);
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers }).end(a.body ?? '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A port nothing listens on (a refused connection). */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Secrets assembled at test time from fragments (no secret-shaped string is committed). */
export const SECRETS = {
  slackToken: ['xo', 'xb', '-', '90210', '-', '31337', '-', 'QwErTyUiOpAsDfGh'].join(''),
  slackHookPath: ['/services/', 'T0', 'TEST', '/B0', 'TEST', '/', 'hOoKsEcReT', 'pathValue99'].join(''),
  webhookSecret: ['wh', 'sec', '_', 'pLaNtEd', 'SiGnInG', '77'].join(''),
  smtpUser: ['mailer', '-', 'acct', '-', '5521'].join(''),
  smtpPassword: ['pa', 'ss', '-', 'SmTp', 'PlAnTeD', '-', '4242'].join(''),
  dojoToken: ['dd', 'tok', 'PlAnTeD', '0f1e2d3c', '4b5a6978'].join(''),
};

/**
 * A report with a hostile finding title, secrets planted where a finding could carry them (the title carries the
 * SMTP password, which the tests' settings hold: it must come out redacted), two new findings.
 */
export function hostileReport(overrides: Parameters<typeof makeReport>[2] = {}): ScanReport {
  const hostile = makeFinding(
    {
      severity: 'critical',
      kind: 'secret',
      title: `<!channel> <https://evil.example/phish|Click to fix> & @here leaked ${SECRETS.smtpPassword}`,
      ruleId: 'generic-api-key',
      description: `the value ${SECRETS.webhookSecret} was found`,
      secret: { redacted: `${SECRETS.dojoToken}` },
      properties: { match: `token=${SECRETS.slackToken}` },
      location: { path: 'config/app.env', startLine: 3 },
      sources: [{ scanner: 'gitleaks', ruleId: 'generic-api-key', severity: 'high' }],
      baseline: 'new',
    },
    1,
  );
  const old = makeFinding({ severity: 'high', title: 'Old high finding', baseline: 'unchanged', sources: [{ scanner: 'trivy', ruleId: 'CVE-2024-0001', severity: 'HIGH' }] }, 2);
  const medium = makeFinding({ severity: 'medium', title: 'Medium, new', baseline: 'new' }, 3);
  return makeReport([old, hostile, medium], [makeStatus({ id: 'trivy', rawCount: 2 }), makeStatus({ id: 'gitleaks', rawCount: 1 })], {
    baseline: { source: 'artifact security-scan-baseline', found: true, new: 2, unchanged: 1, fixed: [] },
    ...overrides,
  });
}

/** Writes the report's real files (SARIF per scanner, findings.json, report.html) into a temp output dir. */
export async function writeOutput(report: ScanReport, logger: RecordedLogger = recordingLogger()): Promise<WrittenReports> {
  const dir = await mkdtemp(join(tmpdir(), 'notify-'));
  return writeReports(report, {
    outputDir: join(dir, 'out'),
    workspace: dir,
    tools: [
      { id: 'trivy', displayName: 'Trivy', informationUri: 'https://trivy.dev' },
      { id: 'gitleaks', displayName: 'Gitleaks', informationUri: 'https://gitleaks.io' },
    ],
    categoryPrefix: 'security-scan',
    generatedAt: '2026-01-02T03:04:05.000Z',
    tool: { name: 'security-scan', version: '0.0.0-test' },
    logger,
  });
}

/** Every text a test saw: the log lines. */
export const logText = (logger: RecordedLogger) => logger.lines.map((l) => `${l.level}: ${l.message}`).join('\n');

export function assertNoSecret(where: string, text: string): void {
  for (const [name, value] of Object.entries(SECRETS)) {
    if (text.includes(value)) throw new Error(`${where} contains the planted ${name}`);
  }
}
