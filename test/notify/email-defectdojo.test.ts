import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { recordingLogger } from '../../src/logger.js';
import { notifySinks, type NotifyDeps } from '../../src/notify/sinks.js';
import { runSinks } from '../../src/sinks.js';
import { settingsFor } from '../support/settings.js';
import { startFakeDefectDojo, type FakeDefectDojo } from '../support/defectdojo/defectdojo-fake.js';
import { toolGate } from '../support/tools.js';
import { assertNoSecret, closedPort, hostileReport, logText, SECRETS, writeOutput } from './support.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function publish(inputs: Record<string, string>, extra: Partial<NotifyDeps> = {}, options: { dropHtml?: boolean } = {}) {
  const report = hostileReport();
  const files = await writeOutput(report);
  if (options.dropHtml && files.html) await rm(files.html);
  const logger = recordingLogger();
  const settings = settingsFor({ 'smtp-username': SECRETS.smtpUser, 'smtp-password': SECRETS.smtpPassword, ...inputs }).notify;
  const results = await runSinks(notifySinks({ settings, env: {}, artifactName: 'security-reports', retries: 0, timeoutMs: 5000, branch: 'feature/x', ...extra }), { report, files, logger, notes: [] });
  expect(report.gate.decision).toBe('BLOCK');
  return { results, logger, files };
}

// --- email: a real SMTP server (smtp-server) with STARTTLS and a login, the message parsed with mailparser.
const openssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'openssl is not installed (it makes the SMTP server’s test certificate)';
  }
})();
const gate = toolGate(openssl, 'the email tests');

interface Smtp {
  port: number;
  messages: { from: string; to: string[]; raw: Buffer; parsed: ParsedMail }[];
  logins: { username: string; password: string }[];
}

let cert: { key: string; cert: string } | undefined;
async function startSmtp(): Promise<Smtp> {
  const state: Smtp = { port: 0, messages: [], logins: [] };
  const server = new SMTPServer({
    key: cert!.key,
    cert: cert!.cert,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, cb) {
      state.logins.push({ username: auth.username ?? '', password: auth.password ?? '' });
      if (auth.username === SECRETS.smtpUser && auth.password === SECRETS.smtpPassword) cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        void simpleParser(raw).then((parsed) => {
          state.messages.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw, parsed });
          cb();
        }, cb);
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  state.port = ((server as unknown as { server: { address(): AddressInfo } }).server.address()).port;
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  return state;
}

describe.skipIf(gate.skip)('email', () => {
  beforeAll(async () => {
    gate.assertAvailable();
    const dir = await mkdtemp(join(tmpdir(), 'smtp-cert-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    cert = { key: await readFile(join(dir, 'key.pem'), 'utf8'), cert: await readFile(join(dir, 'cert.pem'), 'utf8') };
  });

  const inputs = (port: number) => ({ 'email-to': 'security@example.com, lead@example.com', 'email-from': 'scanner@example.com', 'smtp-host': '127.0.0.1', 'smtp-port': String(port), 'smtp-tls': 'starttls', 'notify-on': 'always' });

  it('sends over STARTTLS with the login: an escaped HTML body, a text part and report.html attached', async () => {
    const smtp = await startSmtp();
    const { results, logger, files } = await publish(inputs(smtp.port), { smtpTlsOptions: { ca: cert!.cert } });
    expect(results).toEqual([{ id: 'email notification', ok: true }]);
    expect(smtp.logins).toEqual([{ username: SECRETS.smtpUser, password: SECRETS.smtpPassword }]);
    expect(smtp.messages).toHaveLength(1);
    const m = smtp.messages[0]!;
    expect(m.from).toBe('scanner@example.com');
    expect(m.to).toEqual(['security@example.com', 'lead@example.com']);
    expect(m.parsed.subject).toBe('security-scan BLOCK acme/shop #42: 1 critical, 1 high, 1 medium (2 new)');
    const html = String(m.parsed.html);
    expect(html).toContain('&lt;!channel&gt; &lt;https://evil.example/phish|Click to fix&gt; &amp;amp; @here leaked ***'.replace('&amp;amp;', '&amp;'));
    expect(html).not.toContain('<https://evil.example');
    expect(html).not.toMatch(/href="https:\/\/evil/);
    expect(html).toContain('<a href="https://github.com/acme/shop/pull/42">Pull request</a>');
    expect(m.parsed.text).toContain('CRITICAL (new)');
    expect(m.parsed.attachments).toHaveLength(1);
    const a = m.parsed.attachments[0]!;
    expect(a.filename).toBe('report.html');
    expect(a.contentType).toBe('text/html');
    expect(a.content.equals(await readFile(files.html!))).toBe(true);
    expect(html).toContain('Attached: report.html, the full report');
    assertNoSecret('the message (raw)', m.raw.toString('utf8').replace(/=\r?\n/g, ''));
    assertNoSecret('the log', logText(logger));
  });

  it('without report.html attaches findings.json and says so', async () => {
    const smtp = await startSmtp();
    const { results } = await publish(inputs(smtp.port), { smtpTlsOptions: { ca: cert!.cert } }, { dropHtml: true });
    expect(results[0]!.ok).toBe(true);
    const m = smtp.messages[0]!;
    expect(m.parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([['findings.json', 'application/json']]);
    expect(JSON.parse(m.parsed.attachments[0]!.content.toString('utf8'))).toHaveProperty('findings');
    expect(String(m.parsed.html)).toContain('this run wrote no HTML report, so the JSON report is attached instead');
  });

  it('a wrong password and a refused connection warn (naming what to change), the gate unchanged, no secret in the log', async () => {
    const smtp = await startSmtp();
    const wrong = await publish({ ...inputs(smtp.port), 'smtp-password': 'not-the-password' }, { smtpTlsOptions: { ca: cert!.cert } });
    expect(wrong.results[0]!.ok).toBe(false);
    expect(logText(wrong.logger)).toContain(`the SMTP server 127.0.0.1:${smtp.port} refused the login (535); check smtp-username and smtp-password.`);
    const port = await closedPort();
    const refused = await publish(inputs(port));
    expect(refused.results[0]!.ok).toBe(false);
    expect(logText(refused.logger)).toMatch(/could not be reached \((ECONNECTION|ESOCKET)\); check smtp-host, smtp-port and smtp-tls/);
    assertNoSecret('the log', logText(wrong.logger) + logText(refused.logger));
    expect(smtp.messages).toHaveLength(0);
  });
});

// --- DefectDojo: the schema-checking fake.
describe('DefectDojo', () => {
  let dojo: FakeDefectDojo;
  const inputs = () => ({ 'defectdojo-url': dojo.url, 'defectdojo-token': SECRETS.dojoToken, 'defectdojo-product': 'acme/shop', 'defectdojo-product-type': 'Web', 'defectdojo-engagement': 'CI' });
  beforeAll(() => undefined);

  it('imports each scanner’s SARIF the first time (auto-created), reimports into the same tests afterwards', async () => {
    dojo = await startFakeDefectDojo(SECRETS.dojoToken);
    cleanups.push(() => dojo.close());
    const first = await publish(inputs());
    expect(first.results).toEqual([{ id: 'DefectDojo import', ok: true }]);
    // Per scanner: reimport (404, no such test) then import.
    expect(dojo.requests.map((r) => `${r.path} ${r.status}`)).toEqual([
      '/api/v2/reimport-scan/ 404',
      '/api/v2/import-scan/ 201',
      '/api/v2/reimport-scan/ 404',
      '/api/v2/import-scan/ 201',
    ]);
    expect(dojo.requests.every((r) => r.problems.length === 0 && r.authorization === `Token ${SECRETS.dojoToken}`)).toBe(true);
    const imported = dojo.requests[1]!;
    expect(imported.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(imported.fields).toMatchObject({
      scan_type: 'SARIF',
      product_name: 'acme/shop',
      product_type_name: 'Web',
      engagement_name: 'CI',
      auto_create_context: 'true',
      branch_tag: 'feature/x',
      commit_hash: '0123456789abcdef0123456789abcdef01234567',
      build_id: '987654321',
      source_code_management_uri: 'https://github.com/acme/shop',
    });
    expect(imported.files['file']!.name).toMatch(/\.sarif$/);
    expect(JSON.parse(imported.files['file']!.text)).toHaveProperty('version', '2.1.0');
    expect(dojo.tests.map((t) => `${t.title}:${t.imports}`).sort()).toEqual(['security-scan / gitleaks:1', 'security-scan / trivy:1']);
    expect(logText(first.logger)).toContain('DefectDojo: imported (first run: product, engagement and test created as needed)');

    const second = await publish(inputs());
    expect(second.results[0]!.ok).toBe(true);
    expect(dojo.requests.slice(4).map((r) => `${r.path} ${r.status}`)).toEqual(['/api/v2/reimport-scan/ 201', '/api/v2/reimport-scan/ 201']);
    expect(dojo.requests[4]!.fields).toMatchObject({ close_old_findings: 'true', test_title: expect.stringMatching(/^security-scan \/ /) });
    expect(dojo.tests.map((t) => t.imports)).toEqual([2, 2]);
    expect(dojo.tests).toHaveLength(2);
    const gitleaks = dojo.tests.find((t) => t.title.endsWith('gitleaks'))!;
    expect(gitleaks.results).toBe(1);
    // The settings' secrets (the token; the SMTP password planted in a finding title) are redacted from every field and
    // the SARIF. The SARIF is the one the report wrote (as uploaded to code scanning): findings' texts are as scanned.
    for (const r of dojo.requests) {
      const sent = JSON.stringify(r.fields) + Object.values(r.files).map((f) => f.text).join('');
      for (const secret of [SECRETS.dojoToken, SECRETS.smtpPassword, SECRETS.smtpUser]) expect(sent.includes(secret), `${r.path} carries ${secret.slice(0, 4)}`).toBe(false);
    }
    expect(dojo.requests[1]!.files['file']!.text + dojo.requests[3]!.files['file']!.text).toContain('leaked ***');
    assertNoSecret('the log', logText(first.logger) + logText(second.logger));
  });

  it('the fake refuses what DefectDojo refuses: a bad token, an unknown or read-only field, a missing scan_type, a bad boolean', async () => {
    dojo = await startFakeDefectDojo(SECRETS.dojoToken);
    cleanups.push(() => dojo.close());
    const send = async (fields: Record<string, string>, token = SECRETS.dojoToken) => {
      const f = new FormData();
      for (const [k, v] of Object.entries(fields)) f.set(k, v);
      const res = await fetch(`${dojo.url}/api/v2/import-scan/`, { method: 'POST', headers: { Authorization: `Token ${token}` }, body: f });
      return { status: res.status, body: await res.text() };
    };
    expect((await send({ scan_type: 'SARIF' }, 'wrong')).status).toBe(401);
    const unknown = await send({ scan_type: 'SARIF', product_name: 'p', engagement_name: 'e', productName: 'p' });
    expect(unknown).toMatchObject({ status: 400 });
    expect(unknown.body).toContain('productName: unknown field');
    expect((await send({ scan_type: 'SARIF', test_id: '3' })).body).toContain('test_id: unknown field');
    expect((await send({ product_name: 'p' })).body).toContain('scan_type: This field is required.');
    expect((await send({ scan_type: 'SARIF', active: 'yes' })).body).toContain('active: Must be a valid boolean.');
    expect((await send({ scan_type: 'Nope' })).body).toContain('scan_type: \\"Nope\\" is not a valid choice.');
  });

  it('a bad token and a 500 warn with what to change; the token is never in the warning', async () => {
    dojo = await startFakeDefectDojo('the-right-key-is-different');
    cleanups.push(() => dojo.close());
    const bad = await publish(inputs());
    expect(bad.results[0]!.ok).toBe(false);
    expect(logText(bad.logger)).toContain('DefectDojo /api/v2/reimport-scan/ answered HTTP 401');
    expect(logText(bad.logger)).toContain('Check defectdojo-token');
    dojo.failWith = 500;
    const failing = await publish(inputs());
    expect(logText(failing.logger)).toContain('answered HTTP 500');
    expect(logText(failing.logger)).toContain('DefectDojo failed; check its logs.');
    const port = await closedPort();
    const refused = await publish({ ...inputs(), 'defectdojo-url': `http://127.0.0.1:${port}` });
    expect(logText(refused.logger)).toContain('could not be reached (ECONNREFUSED); check defectdojo-url');
    assertNoSecret('the log', logText(bad.logger) + logText(failing.logger) + logText(refused.logger));
  });
});
