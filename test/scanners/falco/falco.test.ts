import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { falco, falcoFilter, parseFalco, type FalcoFilterSettings, type FalcoSettings } from '../../../src/scanners/falco/index.js';
import { FALCO_CATEGORIES, categorize, type FalcoCategory } from '../../../src/scanners/falco/categories.js';
import { FALCO_IMAGE, falcoDeployFiles, renderDaemonSet, renderHelmValues, type FalcoMonitoring } from '../../../src/scanners/falco/deploy.js';
import { CI_LISTS, CI_MACROS, CI_RULES, renderFalcoRules, ruleCategory, selectCiRules, type SensitivityLevel } from '../../../src/scanners/falco/rules.js';
import { redactSecrets } from '../../../src/scanners/falco/redact.js';
import { scannerSettings, settingsFor } from '../../support/settings.js';
import { ConfigurationError, ScannerError } from '../../../src/errors.js';
import { recordingLogger } from '../../../src/logger.js';
import type { RawFinding, Severity } from '../../../src/findings/model.js';
import type { CommandRunner } from '../../../src/scanners/process.js';
import { scanContext } from '../../support/scan-context.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'falco');
const load = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const MIXED = 'falco-docs-mixed-events.jsonl';
const REPO = 'falco-repo-single_rule_with_cat_write.json';

type Raw = Record<string, unknown>;
const rawLines = (text: string): Raw[] => text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Raw);

/** The documented priority → severity mapping, restated here as the specification the parser must meet. */
const SPEC: Record<string, Severity> = {
  Emergency: 'critical',
  Alert: 'critical',
  Critical: 'critical',
  Error: 'high',
  Warning: 'medium',
  Notice: 'low',
  Informational: 'info',
  Debug: 'info',
};

function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[key(i)] = (out[key(i)] ?? 0) + 1;
  return out;
}

describe('falco parse: counts per severity equal the raw files’ own counts by priority', () => {
  it.each([
    { file: MIXED, lines: 13 },
    { file: REPO, lines: 8 },
  ])('$file ($lines events)', ({ file, lines }) => {
    const raw = rawLines(load(file));
    const parsed = parseFalco(load(file), { target: file });
    expect(raw).toHaveLength(lines);
    expect(parsed.findings).toHaveLength(lines);
    expect(countBy(parsed.findings, (f) => f.severity)).toEqual(countBy(raw, (r) => SPEC[String(r['priority'])]!));
    expect(countBy(parsed.findings, (f) => f.source.severity)).toEqual(countBy(raw, (r) => String(r['priority'])));
    expect(parsed.summary).toMatchObject({ events: lines, malformedLines: 0 });
  });

  it('the mixed file has the priorities the provenance note lists', () => {
    expect(countBy(rawLines(load(MIXED)), (r) => String(r['priority']))).toEqual({ Critical: 2, Informational: 1, Notice: 7, Warning: 3 });
  });
});

describe('falco parse: fields', () => {
  const raw = rawLines(load(MIXED));
  const { findings } = parseFalco(load(MIXED), { target: 'falco-events.jsonl' });

  it.each(raw.map((r, i) => ({ r, i, rule: String(r['rule']) })))('line $i: $rule', ({ r, i }) => {
    const f = findings[i]!;
    const fields = Object.fromEntries(Object.entries((r['output_fields'] as Raw) ?? {}).map(([k, v]) => [k.trim(), v]));
    expect(f.kind).toBe('runtime');
    expect(f.ruleId).toBe(r['rule']);
    expect(f.title).toBe(r['rule']);
    expect(f.source).toEqual({ scanner: 'falco', ruleId: r['rule'], severity: r['priority'] });
    expect(f.properties?.['priority']).toBe(r['priority']);
    expect(f.properties?.['time']).toBe(r['time']);
    expect(f.properties?.['source']).toBe(r['source']);
    expect(f.properties?.['hostname']).toBe(r['hostname']);
    expect(f.properties?.['tags']).toEqual(r['tags'] ?? []);
    expect(f.properties?.['category']).toBe(categorize((r['tags'] as string[]) ?? []).category);
    // description: the output without its "<time>: <Priority> " prefix
    const output = String(r['output']);
    expect(output.startsWith(`${output.split(' ')[0]} ${r['priority']} `)).toBe(true);
    const prefix = `${output.split(' ')[0]} ${r['priority']} `;
    expect(f.description).toBe(redactSecrets(output.slice(prefix.length).trim()));
    expect(f.description).not.toMatch(/^\S+: (Critical|Warning|Notice|Informational) /);
    // target: pod, else container, else host
    const pod = fields['k8s.pod.name'];
    const expected = pod ? `${fields['k8s.ns.name']}/${pod}` : (r['hostname'] ?? 'falco-events.jsonl');
    expect(f.location).toEqual({ target: expected });
  });

  it('maps the first (syscall, container) event fully', () => {
    expect(findings[0]).toMatchObject({
      ruleId: 'Terminal shell in container',
      severity: 'critical',
      description: expect.stringMatching(/^A shell was spawned in a container with an attached terminal \(user=root/),
      location: { target: 'default/kubecon' },
      properties: {
        category: 'malicious_behavior',
        categoryFrom: 'tags',
        maturity: 'stable',
        containerId: 'ee97d9c4186f',
        image: 'docker.io/library/alpine',
        k8sNamespace: 'default',
        k8sPod: 'kubecon',
        process: 'sh',
        user: 'root',
        source: 'syscall',
      },
    });
  });

  it('legacy lines without hostname, source and tags parse, with the default category', () => {
    const legacy = raw.map((r, i) => ({ r, i })).filter(({ r }) => !('hostname' in r));
    expect(legacy).toHaveLength(2);
    for (const { i } of legacy) {
      const f = findings[i]!;
      expect(f.properties?.['source']).toBeUndefined();
      expect(f.properties?.['tags']).toEqual([]);
      expect(f.properties).toMatchObject({ category: 'malicious_behavior', categoryFrom: 'default' });
      expect(f.location.target).toMatch(/^(default|fission-function)\//);
    }
  });

  it('a line whose output_fields keys have trailing spaces parses', () => {
    const i = raw.findIndex((r) => Object.keys((r['output_fields'] as Raw) ?? {}).some((k) => k !== k.trim()));
    expect(i).toBeGreaterThan(0);
    expect(findings[i]).toMatchObject({ ruleId: 'GCP WAF rule modified or deleted', severity: 'low', location: { target: 'sherlock' } });
  });

  it('categories come from tags (TA0005-… → malicious_behavior, abuse-elevation… → privilege_escalation)', () => {
    expect(countBy(findings, (f) => `${f.properties?.['category']}/${f.properties?.['categoryFrom']}`)).toEqual(
      countBy(raw, (r) => {
        const c = categorize((r['tags'] as string[]) ?? []);
        return `${c.category}/${c.from}`;
      }),
    );
    expect(findings.find((f) => f.ruleId === 'GCP IAM serviceAccount deleted')?.properties?.['category']).toBe('privilege_escalation');
  });

  it('64-hex ids quoted in outputs are masked (documented redaction trade-off)', () => {
    const i = raw.findIndex((r) => /[0-9a-f]{64}/.test(String(r['output'])));
    expect(i).toBeGreaterThan(0);
    expect(findings[i]!.description).not.toMatch(/[0-9a-f]{64}/);
    expect(findings[i]!.description).toContain('csi-***');
  });
});

describe('falco parse: bad lines', () => {
  const good = JSON.stringify({ rule: 'R', priority: 'Warning', output: '10:00:00.0: Warning x', time: '2024-01-01T00:00:00Z' });

  it('one malformed line does not hide the others: counted, with its line number', () => {
    const parsed = parseFalco(`${good}\n{"rule": "R", "priority"\n\n${good}\r\n`);
    expect(parsed.findings).toHaveLength(2);
    expect(parsed.summary).toMatchObject({ events: 2, malformedLines: 1, malformedLineNumbers: '2' });
  });

  it('log lines and metrics snapshots are not events', () => {
    const parsed = parseFalco(
      [
        good,
        JSON.stringify({ level: 'info', msg: 'Loading rules from /etc/falco/falco_rules.yaml' }),
        JSON.stringify({ rule: 'Falco internal: metrics snapshot', priority: 'Informational', output_fields: {} }),
      ].join('\n'),
    );
    expect(parsed.findings).toHaveLength(1);
    expect(parsed.summary).toMatchObject({ events: 1, malformedLines: 0, nonEventLines: 2 });
  });

  // Was "an unknown priority is a malformed line" (counted, the other events kept): an event of the wrong shape is
  // no longer dropped, it fails the file (test/scanners/falco/schema.test.ts has the cases).
  it('an unknown priority fails the file, naming the line and the field', () => {
    expect(() => parseFalco([good, JSON.stringify({ rule: 'R', priority: 'Severe' })].join('\n'), { target: 'e.jsonl' })).toThrow(
      /^falco: e\.jsonl line 2: priority is not a Falco priority, expected Emergency, Alert, Critical, Error, Warning, Notice, Informational or Debug$/,
    );
  });

  it('no line parses → ScannerError naming falco, the file and the first bad line', () => {
    let error: unknown;
    try {
      parseFalco('\nnot json\n[1,2]\n', { target: 'events/falco.jsonl' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScannerError);
    expect((error as ScannerError).scanner).toBe('falco');
    expect((error as ScannerError).message).toMatch(/^falco: events\/falco\.jsonl .*2 malformed line\(s\); line 2: not JSON/);
  });

  it('an empty file is no events, not an error', () => {
    expect(parseFalco('', {})).toEqual({ findings: [], summary: { events: 0, malformedLines: 0, nonEventLines: 0 } });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Filters

function event(priority: string, tags?: string[], rule = `rule-${priority}-${(tags ?? []).join('+')}`): RawFinding {
  const line = JSON.stringify({ rule, priority, output: `x: ${priority} y`, ...(tags ? { tags } : {}) });
  return parseFalco(line).findings[0]!;
}

const ALL = [...FALCO_CATEGORIES];
const DEFAULTS = { rulesEnabled: ALL, sensitivityLevel: 'medium', alertThreshold: 'notice' } as const;

describe('falcoFilter', () => {
  it.each([
    // threshold
    { name: 'notice keeps Notice', f: event('Notice'), s: {}, kept: true },
    { name: 'notice drops Informational', f: event('Informational'), s: {}, dropped: 'threshold' },
    { name: 'notice drops Debug', f: event('Debug'), s: {}, dropped: 'threshold' },
    { name: 'warning drops Notice', f: event('Notice'), s: { alertThreshold: 'warning' }, dropped: 'threshold' },
    { name: 'warning keeps Warning', f: event('Warning'), s: { alertThreshold: 'warning' }, kept: true },
    { name: 'critical keeps Emergency', f: event('Emergency'), s: { alertThreshold: 'critical' }, kept: true },
    { name: 'critical drops Error', f: event('Error'), s: { alertThreshold: 'critical' }, dropped: 'threshold' },
    { name: 'debug keeps Debug', f: event('Debug'), s: { alertThreshold: 'debug' }, kept: true },
    // categories
    { name: 'privilege_escalation only keeps a privesc event', f: event('Error', ['mitre_privilege_escalation']), s: { rulesEnabled: ['privilege_escalation'] }, kept: true },
    { name: 'privilege_escalation only drops a network event', f: event('Error', ['network']), s: { rulesEnabled: ['privilege_escalation'] }, dropped: 'category' },
    { name: 'privilege_escalation only drops an untagged event (default category)', f: event('Error'), s: { rulesEnabled: ['privilege_escalation'] }, dropped: 'category' },
    { name: 'data_exfiltration keeps credential access', f: event('Error', ['mitre_credential_access']), s: { rulesEnabled: ['data_exfiltration'] }, kept: true },
    { name: 'network_anomaly keeps C2', f: event('Error', ['mitre_command_and_control']), s: { rulesEnabled: ['network_anomaly'] }, kept: true },
    { name: 'malicious_behavior keeps untagged', f: event('Error'), s: { rulesEnabled: ['malicious_behavior'] }, kept: true },
    // sensitivity (rule maturity)
    { name: 'low keeps stable', f: event('Error', ['maturity_stable']), s: { sensitivityLevel: 'low' }, kept: true },
    { name: 'low keeps untagged (custom rules count as stable)', f: event('Error'), s: { sensitivityLevel: 'low' }, kept: true },
    { name: 'low drops incubating', f: event('Error', ['maturity_incubating']), s: { sensitivityLevel: 'low' }, dropped: 'sensitivity' },
    { name: 'medium keeps incubating', f: event('Error', ['maturity_incubating']), s: {}, kept: true },
    { name: 'medium drops sandbox', f: event('Error', ['maturity_sandbox']), s: {}, dropped: 'sensitivity' },
    { name: 'medium drops deprecated', f: event('Error', ['maturity_deprecated']), s: {}, dropped: 'sensitivity' },
    { name: 'high keeps sandbox', f: event('Error', ['maturity_sandbox']), s: { sensitivityLevel: 'high' }, kept: true },
    // first reason wins
    { name: 'below threshold and disabled category counts as threshold', f: event('Debug', ['network']), s: { rulesEnabled: ['malicious_behavior'] }, dropped: 'threshold' },
    { name: 'disabled category and sandbox counts as category', f: event('Error', ['network', 'maturity_sandbox']), s: { rulesEnabled: ['malicious_behavior'] }, dropped: 'category' },
  ] as { name: string; f: RawFinding; s: Partial<typeof DEFAULTS>; kept?: boolean; dropped?: 'threshold' | 'category' | 'sensitivity' }[])(
    '$name',
    ({ f, s, kept, dropped }) => {
      const r = falcoFilter([f], { ...DEFAULTS, ...s } as FalcoFilterSettings);
      expect(r.kept).toEqual(kept ? [f] : []);
      const expected = { threshold: 0, category: 0, sensitivity: 0 };
      if (dropped) expected[dropped] = 1;
      expect(r.dropped).toEqual(expected);
    },
  );

  it('passes findings of other scanners untouched', () => {
    const other = { ...event('Debug'), source: { scanner: 'trivy', ruleId: 'X', severity: 'LOW' } };
    expect(falcoFilter([other], { ...DEFAULTS, alertThreshold: 'emergency', rulesEnabled: [] }).kept).toEqual([other]);
  });

  it.each([
    { threshold: 'notice', file: MIXED },
    { threshold: 'warning', file: MIXED },
    { threshold: 'critical', file: MIXED },
    { threshold: 'notice', file: REPO },
    { threshold: 'error', file: REPO },
  ] as const)('on $file with threshold $threshold, kept + dropped = parsed, kept = raw lines at or above it', ({ threshold, file }) => {
    const order = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'informational', 'debug'];
    const raw = rawLines(load(file));
    const parsed = parseFalco(load(file)).findings;
    const r = falcoFilter(parsed, { ...DEFAULTS, alertThreshold: threshold });
    const expected = raw.filter((e) => order.indexOf(String(e['priority']).toLowerCase()) <= order.indexOf(threshold)).length;
    expect(r.kept).toHaveLength(expected);
    expect(r.kept.length + r.dropped.threshold + r.dropped.category + r.dropped.sensitivity).toBe(parsed.length);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Redaction


describe('redactSecrets', () => {
  // Secret-shaped values are assembled at run time: none is committed.
  const tok = ['Zq8', 'Lw3', 'Rt7', 'Yp1', 'Kd5', 'Nm9', 'Xc2', 'Vb4'].join('');
  const pw = ['Hunt', 'er2', '-', 'Blue', '77'].join('');
  const gh = 'gh' + 'p_' + 'A1b2C3d4'.repeat(4) + 'Ef12';
  const aws = 'AK' + 'IA' + 'QWERTYUIOPASDFGH';
  const jwt = ['ey' + 'JhbGciOiJSUzI1NiJ9', 'eyJzdWIiOiJydW5uZXIifQ', 'c2lnbmF0dXJlLXBhcnQ'].join('.');
  const hex = 'ab12'.repeat(10);

  it.each([
    ['Authorization header', () => `curl -H "Authorization: Bearer ${tok}" https://api.example.com`, () => tok, 'Authorization: Bearer ***'],
    ['password= flag', () => `mysql --password=${pw} -h db`, () => pw, '--password=***'],
    ['--token value flag', () => `deploy --token ${tok} --env prod`, () => tok, '--token ***'],
    ['URL credentials', () => `git clone https://bot:${pw}@github.com/o/r.git`, () => pw, 'https://***@github.com/o/r.git'],
    ['env assignment', () => `ACTIONS_RUNTIME_TOKEN=${jwt} node x.js`, () => jwt, 'ACTIONS_RUNTIME_TOKEN=***'],
    ['bare JWT', () => `sent ${jwt} upstream`, () => jwt, 'sent *** upstream'],
    ['GitHub token prefix', () => `echo ${gh} | gh auth login --with-token`, () => gh.slice(4), 'echo ghp_***'],
    ['AWS access key id', () => `aws configure set aws_access_key_id ${aws}`, () => aws, 'aws_access_key_id ***'],
    ['JSON secret field', () => `{"client_secret":"${pw}","user":"x"}`, () => pw, '{"client_secret":"***","user":"x"}'],
    ['long hex', () => `key ${hex} used`, () => hex, 'key *** used'],
    ['opaque base64', () => `blob ${tok}== end`, () => tok, 'blob *** end'],
  ])('%s is masked', (_name, input, secret, expected) => {
    const out = redactSecrets(input());
    expect(out).not.toContain(secret());
    expect(out).toContain(expected);
  });

  it.each([
    'cmdline=sh -c uptime k8s.pod=poolmgr-go-default-516098-5bdbf8c8f5-g8gvc container=281c99ea33c2',
    'userAgent=Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/113.0.0.0',
    'fetcher -secret-dir /secrets -cfgmap-dir /configs',
    'file=/home/runner/runners/2.319.1/.credentials process=python3',
    'projects/-/serviceAccounts/101363364166838521279',
  ])('leaves ordinary text alone: %s', (text) => {
    expect(redactSecrets(text)).toBe(text);
  });

  it('redacts descriptions of parsed events', () => {
    const line = JSON.stringify({ rule: 'R', priority: 'Notice', output: `1:2: Notice curl -H "Authorization: token ${tok}" x`, output_fields: { 'proc.name': 'curl' } });
    const [f] = parseFalco(line).findings;
    expect(JSON.stringify(f)).not.toContain(tok);
    expect(f?.description).toBe('curl -H "Authorization: token ***" x');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Settings

describe('falco settings', () => {
  it('defaults: all categories, medium sensitivity, notice threshold, deployment files on', () => {
    expect(scannerSettings('falco', {})).toEqual({
      events: [],
      rulesEnabled: ALL,
      sensitivityLevel: 'medium',
      alertThreshold: 'notice',
      deployFiles: true,
    });
  });

  it('reads every input', () => {
    expect(
      scannerSettings('falco', {
        'falco-events': 'a.jsonl, logs/b.jsonl,a.jsonl',
        'falco-rules-enabled': 'Privilege_Escalation,data_exfiltration',
        'falco-sensitivity': 'HIGH',
        'falco-alert-threshold': 'Warning',
        'falco-deploy-files': 'false',
      }),
    ).toEqual({
      events: ['a.jsonl', 'logs/b.jsonl'],
      rulesEnabled: ['privilege_escalation', 'data_exfiltration'],
      sensitivityLevel: 'high',
      alertThreshold: 'warning',
      deployFiles: false,
    });
  });

  it('accepts info as informational', () => {
    expect(scannerSettings('falco', { 'falco-alert-threshold': 'info' }).alertThreshold).toBe('informational');
  });

  it.each([
    [{ 'falco-rules-enabled': 'privilege_escalation,cryptomining' }, 'falco-rules-enabled'],
    [{ 'falco-sensitivity': 'paranoid' }, 'falco-sensitivity'],
    [{ 'falco-alert-threshold': 'severe' }, 'falco-alert-threshold'],
    [{ 'falco-deploy-files': 'maybe' }, 'falco-deploy-files'],
    [{ 'falco-events': 'logs/*.jsonl' }, 'falco-events'],
    [{ 'falco-deploy-files': 'false' }, 'falco-events'],
  ])('%j → ConfigurationError naming %s', (values, input) => {
    expect(() => scannerSettings('falco', values)).toThrow(ConfigurationError);
    expect(() => scannerSettings('falco', values)).toThrow(`'${input}'`);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Generated rules and deployment files

const PRIORITY_WORDS = ['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFORMATIONAL', 'DEBUG'];
type Item = Record<string, unknown>;

const CONFIGS: { rulesEnabled: FalcoCategory[]; sensitivity: SensitivityLevel }[] = [
  { rulesEnabled: ALL, sensitivity: 'medium' },
  { rulesEnabled: ALL, sensitivity: 'high' },
  { rulesEnabled: ALL, sensitivity: 'low' },
  { rulesEnabled: ['privilege_escalation'], sensitivity: 'low' },
  { rulesEnabled: ['data_exfiltration', 'network_anomaly'], sensitivity: 'high' },
  { rulesEnabled: ['malicious_behavior'], sensitivity: 'medium' },
];

describe('generated Falco rules file', () => {
  it.each(CONFIGS)('$rulesEnabled at $sensitivity: valid rule items, enabled categories only, every name defined before use', ({ rulesEnabled, sensitivity }) => {
    const items = parseYaml(renderFalcoRules(rulesEnabled, sensitivity)) as Item[];
    const rules = items.filter((i) => 'rule' in i);
    const expected = selectCiRules(rulesEnabled, sensitivity);
    expect(rules.map((r) => r['rule'])).toEqual(expected.map((r) => r.rule));
    expect(rules.length).toBeGreaterThan(0);
    const allowedMaturities = { low: ['stable'], medium: ['stable', 'incubating'], high: ['stable', 'incubating', 'sandbox'] }[sensitivity];
    const defined: string[] = [];
    for (const item of items) {
      const kind = 'rule' in item ? 'rule' : 'macro' in item ? 'macro' : 'list';
      if (kind === 'list') {
        expect(Object.keys(item).sort()).toEqual(['items', 'list']);
        expect(Array.isArray(item['items']) && (item['items'] as unknown[]).length > 0).toBe(true);
        defined.push(String(item['list']));
        continue;
      }
      const condition = String(item['condition']);
      // parentheses balance and every ss_ name used is already defined
      let depth = 0;
      for (const ch of condition) {
        depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
        expect(depth).toBeGreaterThanOrEqual(0);
      }
      expect(depth).toBe(0);
      for (const name of condition.match(/\bss_[a-z_]+/g) ?? []) expect(defined).toContain(name);
      if (kind === 'macro') {
        expect(Object.keys(item).sort()).toEqual(['condition', 'macro']);
        defined.push(String(item['macro']));
        continue;
      }
      expect(Object.keys(item).sort()).toEqual(['condition', 'desc', 'output', 'priority', 'rule', 'tags']);
      for (const k of ['rule', 'desc', 'condition', 'output']) expect(typeof item[k] === 'string' && (item[k] as string).length > 0).toBe(true);
      expect(PRIORITY_WORDS).toContain(item['priority']);
      expect(String(item['output'])).toMatch(/%proc\.name|%fd\.name/);
      const tags = item['tags'] as string[];
      expect(rulesEnabled).toContain(categorize(tags).category);
      expect(allowedMaturities).toContain(tags.find((t) => t.startsWith('maturity_'))?.replace('maturity_', ''));
    }
    // nothing defined that no rule uses (Falco warns about unused macros and lists)
    const used = items.filter((i) => !('list' in i)).map((i) => String(i['condition'])).join(' ');
    for (const name of defined) expect(used).toMatch(new RegExp(`\\b${name}\\b`));
  });

  it('each CI rule’s stated category and maturity agree with its tags', () => {
    for (const r of CI_RULES) {
      expect(ruleCategory(r)).toBe(r.category);
      expect(r.tags).toContain(`maturity_${r.maturity}`);
    }
    for (const c of FALCO_CATEGORIES) expect(CI_RULES.some((r) => r.category === c)).toBe(true);
    expect(new Set(CI_RULES.map((r) => r.rule)).size).toBe(CI_RULES.length);
    expect(new Set([...CI_LISTS.map((l) => l.list), ...CI_MACROS.map((m) => m.macro)]).size).toBe(CI_LISTS.length + CI_MACROS.length);
  });

  it('includes the CI-specific detections the issue asks for', () => {
    const all = parseYaml(renderFalcoRules(ALL, 'high')) as Item[];
    const text = (name: RegExp) => all.find((i) => name.test(String(i['rule'] ?? '')));
    expect(text(/runner credentials/)?.['condition']).toMatch(/not proc\.name in \(ss_runner_binaries\)/);
    expect(text(/Environment of another process/)?.['desc']).toMatch(/ACTIONS_RUNTIME_TOKEN/);
    expect(text(/Outbound connection/)?.['condition']).toMatch(/ss_allowed_outbound_domains/);
    expect(text(/Shell spawned in a container/)?.['condition']).toMatch(/ss_container/);
    expect(text(/Write below \/etc/)?.['condition']).toMatch(/fd\.name startswith "\/etc\/"/);
    expect(text(/Shadow password/)?.['condition']).toMatch(/\/etc\/shadow/);
    expect(text(/Crypto miner/)?.['condition']).toMatch(/ss_miner_binaries/);
  });
});

const MONITORING: FalcoMonitoring = { rulesEnabled: ['privilege_escalation', 'data_exfiltration'], sensitivityLevel: 'medium', alertThreshold: 'warning' };

describe('generated DaemonSet', () => {
  const rules = renderFalcoRules(MONITORING.rulesEnabled, MONITORING.sensitivityLevel);
  const docs = parseAllDocuments(renderDaemonSet(MONITORING, rules)).map((d) => d.toJS() as Item);
  const byKind = (k: string) => docs.find((d) => d['kind'] === k) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  it('has a Namespace, a ConfigMap with the rules and a DaemonSet, all in namespace falco', () => {
    expect(docs.map((d) => d['kind'])).toEqual(['Namespace', 'ConfigMap', 'DaemonSet']);
    expect(byKind('Namespace')['metadata']['name']).toBe('falco');
    expect(byKind('ConfigMap')['metadata']['namespace']).toBe('falco');
    expect(byKind('ConfigMap')['data']['security-scan-rules.yaml']).toBe(rules);
  });

  it('DaemonSet fields', () => {
    const ds = byKind('DaemonSet');
    expect(ds['apiVersion']).toBe('apps/v1');
    expect(ds['metadata']).toMatchObject({ name: 'falco', namespace: 'falco' });
    expect(ds['spec']['selector']['matchLabels']).toEqual({ 'app.kubernetes.io/name': 'falco' });
    expect(ds['spec']['template']['metadata']['labels']).toMatchObject(ds['spec']['selector']['matchLabels']);
    const pod = ds['spec']['template']['spec'];
    const [c] = pod['containers'];
    expect(c['image']).toBe(FALCO_IMAGE);
    expect(c['image']).toMatch(/^falcosecurity\/falco:\d+\.\d+\.\d+$/);
    expect(c['securityContext']).toEqual({ privileged: true });
    expect(c['env']).toContainEqual({ name: 'HOST_ROOT', value: '/host' });
    expect(c['args'][0]).toBe('/usr/bin/falco');
    for (const o of ['json_output=true', 'json_include_tags_property=true', 'engine.kind=modern_ebpf', 'priority=warning']) {
      expect(c['args'][c['args'].indexOf(o) - 1]).toBe('-o');
    }
    const volumes: Record<string, any> = Object.fromEntries(pod['volumes'].map((v: Item) => [v['name'], v])); // eslint-disable-line @typescript-eslint/no-explicit-any
    const mountOf = (hostPath: string) => {
      const v = pod['volumes'].find((x: any) => x['hostPath']?.['path'] === hostPath); // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(v, hostPath).toBeDefined();
      return c['volumeMounts'].find((m: Item) => m['name'] === v['name']);
    };
    expect(mountOf('/var/run/docker.sock')).toMatchObject({ mountPath: '/host/var/run/docker.sock' });
    expect(mountOf('/run/containerd/containerd.sock')).toMatchObject({ mountPath: '/host/run/containerd/containerd.sock' });
    for (const p of ['/proc', '/boot', '/lib/modules', '/dev', '/etc']) expect(mountOf(p)).toMatchObject({ mountPath: `/host${p}`, readOnly: true });
    // every mount has a volume, every volume is mounted
    expect(c['volumeMounts'].map((m: Item) => m['name']).sort()).toEqual(Object.keys(volumes).sort());
    const rulesMount = c['volumeMounts'].find((m: Item) => m['mountPath'] === '/etc/falco/rules.d');
    expect(volumes[rulesMount['name']]['configMap']['name']).toBe(byKind('ConfigMap')['metadata']['name']);
  });
});

describe('generated Helm values', () => {
  const rules = renderFalcoRules(MONITORING.rulesEnabled, MONITORING.sensitivityLevel);
  const values = parseYaml(renderHelmValues(MONITORING, rules)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  it('falcosecurity/falco chart keys', () => {
    expect(values['image']).toEqual({ registry: 'docker.io', repository: 'falcosecurity/falco', tag: FALCO_IMAGE.split(':')[1] });
    expect(values['driver']).toEqual({ enabled: true, kind: 'modern_ebpf' });
    expect(values['falcosidekick']).toEqual({ enabled: false });
    expect(values['collectors']['containerEngine']['enabled']).toBe(true);
    expect(values['customRules']).toEqual({ 'security-scan-rules.yaml': rules });
    expect(values['falco']).toMatchObject({ json_output: true, json_include_output_property: true, json_include_tags_property: true, priority: 'warning' });
    expect(values['falco']['rules_files']).toContain('/etc/falco/rules.d');
  });

  it('informational is spelled info in falco.yaml', () => {
    const v = parseYaml(renderHelmValues({ ...MONITORING, alertThreshold: 'informational' }, rules)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(v['falco']['priority']).toBe('info');
  });
});

describe('falcoDeployFiles', () => {
  it('are deterministic and carry the falcoMonitoring shape', () => {
    const a = falcoDeployFiles(MONITORING);
    expect(falcoDeployFiles({ ...MONITORING })).toEqual(a);
    expect(a.map((f) => f.name)).toEqual(['security-scan-rules.yaml', 'falco-daemonset.yaml', 'falco-values.yaml', 'falco-monitoring.json']);
    expect(JSON.parse(a[3]!.content)).toMatchObject({
      enabled: true,
      rulesEnabled: MONITORING.rulesEnabled,
      sensitivityLevel: 'medium',
      alertThreshold: 'warning',
    });
    expect(falcoDeployFiles({ ...MONITORING, sensitivityLevel: 'high' })[0]!.content).not.toBe(a[0]!.content);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// run()

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const noRunner: CommandRunner = {
  run() {
    throw new Error('falco runs no process');
  },
};

function context(values: Record<string, string>, common: Record<string, string> = {}) {
  const workspace = mkdtempSync(join(tmpdir(), 'falco-ws-'));
  tempDirs.push(workspace);
  mkdirSync(join(workspace, 'logs'));
  writeFileSync(join(workspace, 'logs', 'falco.jsonl'), load(MIXED));
  const logger = recordingLogger();
  const settings = settingsFor({ scanners: 'falco', ...common, ...values });
  const ctx = scanContext<FalcoSettings>({
    scan: settings.scan,
    settings: settings.scanners.falco!,
    scanRoot: workspace,
    tempDir: join(workspace, 'tmp'),
    outputDir: join(workspace, settings.publish.outputDir),
    runner: noRunner,
    logger,
    env: {},
  });
  return { ctx, workspace, logger };
}

describe('falco run', () => {
  it('returns the event files (workspace-relative target) and writes the deployment files to <output-dir>/falco', async () => {
    const { ctx, workspace } = context({ 'falco-events': 'logs/falco.jsonl' }, { 'output-dir': 'out/reports' });
    const run = await falco.run(ctx);
    expect(run.outputs).toEqual([{ file: join(workspace, 'logs', 'falco.jsonl'), target: 'logs/falco.jsonl', format: 'jsonl' }]);
    const dir = join(workspace, 'out', 'reports', 'falco');
    expect(readdirSync(dir).sort()).toEqual(['falco-daemonset.yaml', 'falco-monitoring.json', 'falco-values.yaml', 'security-scan-rules.yaml']);
    const expected = falcoDeployFiles(ctx.settings);
    for (const f of expected) expect(readFileSync(join(dir, f.name), 'utf8')).toBe(f.content);
    // a second run writes the same bytes
    await falco.run(ctx);
    for (const f of expected) expect(readFileSync(join(dir, f.name), 'utf8')).toBe(f.content);
    expect(falco.parse(readFileSync(run.outputs[0]!.file, 'utf8'), { target: run.outputs[0]!.target }).findings).toHaveLength(13);
  });

  it('writes nothing when falco-deploy-files is false', async () => {
    const { ctx, workspace } = context({ 'falco-events': 'logs/falco.jsonl', 'falco-deploy-files': 'false' });
    await falco.run(ctx);
    expect(existsSync(join(workspace, 'security-reports'))).toBe(false);
  });

  it.each([
    ['a missing file', 'logs/missing.jsonl', /'falco-events'.*'logs\/missing\.jsonl' does not exist/],
    ['a directory', 'logs', /'falco-events'.*'logs' is not a file/],
  ])('%s → ConfigurationError naming falco-events', async (_name, path, message) => {
    const { ctx } = context({ 'falco-events': path });
    const error = await falco.run(ctx).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(message);
  });

  it('an events path inside the workspace that a symlink leads outside is refused (the PR could plant it)', async () => {
    const { ctx, workspace } = context({ 'falco-events': 'logs/planted.jsonl', 'falco-deploy-files': 'false' });
    const outside = mkdtempSync(join(tmpdir(), 'falco-outside-'));
    tempDirs.push(outside);
    writeFileSync(join(outside, 'secret.txt'), 'not events\n');
    symlinkSync(join(outside, 'secret.txt'), join(workspace, 'logs', 'planted.jsonl'));
    const error = await falco.run(ctx).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/'falco-events': 'logs\/planted\.jsonl' is inside the workspace but leads outside it/);
  });

  it('an events file the workflow keeps outside the workspace (e.g. RUNNER_TEMP) is read', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'falco-runner-temp-'));
    tempDirs.push(outside);
    writeFileSync(join(outside, 'events.jsonl'), load(MIXED));
    const { ctx } = context({ 'falco-events': join(outside, 'events.jsonl'), 'falco-deploy-files': 'false' });
    expect((await falco.run(ctx)).outputs).toHaveLength(1);
  });

  it('with no events but deployment files on, warns and returns no outputs', async () => {
    const { ctx, logger } = context({});
    expect((await falco.run(ctx)).outputs).toEqual([]);
    expect(logger.lines.some((l) => l.level === 'warning' && l.message.includes('falco-events'))).toBe(true);
  });

  it('has no binary', () => {
    expect(falco.id).toBe('falco');
    expect(falco.binary).toBeUndefined();
  });
});
