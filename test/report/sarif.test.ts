import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageToUri, pathToUri, renderSarif, type SarifTool } from '../../src/report/sarif.js';
import { LEFT_OUT_PROPERTY } from '../../src/github/limits.js';
import { identify, type FileReader } from '../../src/findings/identify.js';
import { mergeFindings } from '../../src/findings/merge.js';
import { lineHashes } from '../../src/findings/linehash.js';
import { parseTrivy, trivy } from '../../src/scanners/trivy/index.js';
import { gitleaks, parseGitleaks } from '../../src/scanners/gitleaks/index.js';
import type { Finding, RawFinding, Severity } from '../../src/findings/model.js';
import { multitoolUnavailableReason, validateSarifFiles, skipMultitool } from '../support/multitool.js';
import { shuffled } from '../support/shuffle.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type J = any;

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const TRIVY_FILES = readdirSync(join(FIXTURES, 'trivy')).filter((f) => f.endsWith('.json.golden')).sort();
const GITLEAKS_FILES = readdirSync(join(FIXTURES, 'gitleaks')).filter((f) => f.endsWith('.json')).sort();
const loadTrivy = (f: string) => parseTrivy(readFileSync(join(FIXTURES, 'trivy', f), 'utf8'), {}).findings;
const loadGitleaks = (f: string) => parseGitleaks(readFileSync(join(FIXTURES, 'gitleaks', f), 'utf8')).findings;

const ORDER = ['trivy', 'gitleaks'];
const PREFIX = 'security-scan';
const TOOLS: Record<string, SarifTool> = {
  trivy: { id: trivy.id, displayName: trivy.displayName, informationUri: trivy.informationUri, version: 'dev' },
  gitleaks: { id: gitleaks.id, displayName: gitleaks.displayName, informationUri: gitleaks.informationUri, version: '8.28.0' },
};
const noFiles: FileReader = () => undefined;

/** parse → identify (no readable files) → merge: what the pipeline hands the renderer. */
function pipeline(raws: readonly RawFinding[], order: readonly string[] = ORDER, read: FileReader = noFiles): Finding[] {
  return mergeFindings(identify(raws, read), order).findings;
}
const render = (scanner: string, findings: readonly Finding[], maxResults?: number) =>
  renderSarif(TOOLS[scanner]!, findings, { categoryPrefix: PREFIX, ...(maxResults === undefined ? {} : { maxResults }) });
const runOf = (text: string): J => (JSON.parse(text) as J).runs[0];

const clone = <T>(x: T): T => structuredClone(x);

const ALL_CASES: [string, string, RawFinding[]][] = [
  ...TRIVY_FILES.map((f): [string, string, RawFinding[]] => [`trivy/${f}`, 'trivy', loadTrivy(f)]),
  ...GITLEAKS_FILES.map((f): [string, string, RawFinding[]] => [`gitleaks/${f}`, 'gitleaks', loadGitleaks(f)]),
];

/** GitHub's security-severity bands (DESIGN.md), written out here. */
function band(score: number): Severity {
  if (score >= 9.0) return 'critical';
  if (score >= 7.0) return 'high';
  if (score >= 4.0) return 'medium';
  if (score >= 0.1) return 'low';
  return 'info';
}
const LEVEL: Record<Severity, string> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

describe('renderSarif is deterministic', () => {
  it.each(ALL_CASES)('%s: same input twice → identical bytes; shuffled input → identical bytes after the pipeline sort', (_name, scanner, raws) => {
    const first = render(scanner, pipeline(clone(raws))).text;
    expect(render(scanner, pipeline(clone(raws))).text).toBe(first);
    for (const seed of [1, 2, 3, 4, 5]) {
      expect(render(scanner, pipeline(clone(shuffled(raws, seed)))).text).toBe(first);
    }
  });

  it('all fixtures of both scanners at once, shuffled, give the same two files', () => {
    const raws = ALL_CASES.flatMap(([, , r]) => r);
    const a = ORDER.map((s) => render(s, pipeline(clone(raws))).text);
    for (const seed of [11, 12, 13]) {
      const f = pipeline(clone(shuffled(raws, seed)));
      expect(ORDER.map((s) => render(s, f).text)).toEqual(a);
    }
  });

  it('two reports of one rule on the same line (different columns) give the same bytes in either order', () => {
    const at = (startColumn: number): RawFinding => ({
      kind: 'secret',
      ruleId: 'generic-api-key',
      title: 'Generic API Key',
      severity: 'medium',
      location: { path: 'config/app.env', startLine: 4, endLine: 4, startColumn, endColumn: startColumn + 20 },
      secret: { redacted: '********' },
      source: { scanner: 'gitleaks', ruleId: 'generic-api-key', severity: 'assigned:medium' },
    });
    const one = render('gitleaks', pipeline([at(5), at(40)])).text;
    const other = render('gitleaks', pipeline([at(40), at(5)])).text;
    expect(other).toBe(one);
  });
});

describe('SARIF shape on every fixture', () => {
  it.each(ALL_CASES)('%s', (_name, scanner, raws) => {
    const findings = pipeline(raws);
    const rendered = render(scanner, findings);
    const log = JSON.parse(rendered.text) as J;
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    expect(run.automationDetails.id).toBe(`${PREFIX}/${scanner}/`);
    expect(run.tool.driver.name).toBe(TOOLS[scanner]!.displayName);
    expect(run.results).toHaveLength(findings.length);
    expect(rendered.results).toBe(findings.length);
    expect(rendered.leftOut).toBe(0);
    expect(run.properties[LEFT_OUT_PROPERTY]).toBe(0);

    const rules: J[] = run.tool.driver.rules;
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    expect(rules.map((r) => r.id)).toEqual([...new Set(findings.map((f) => f.ruleId))].sort());
    for (const rule of rules) {
      expect(rule.id).toBeTruthy();
      expect(rule.shortDescription.text.length).toBeGreaterThan(0);
      expect(rule.fullDescription.text.length).toBeGreaterThan(0);
      expect(rule.fullDescription.text.length).toBeLessThanOrEqual(1024);
      expect(rule.shortDescription.text.length).toBeLessThanOrEqual(1024);
      expect(rule.help.text.length).toBeGreaterThan(0);
      expect(rule.help.markdown.length).toBeGreaterThan(0);
      const score = Number(rule.properties['security-severity']);
      expect(Number.isFinite(score)).toBe(true);
      // the rule's score is the most severe of its results
      const worst = findings.filter((f) => f.ruleId === rule.id).reduce<Severity>((w, f) => (RANK[f.severity] > RANK[w] ? f.severity : w), 'info');
      expect(band(score)).toBe(worst);
      expect(rule.defaultConfiguration.level).toBe(LEVEL[worst]);
      expect(rule.properties.tags).toContain('security');
      expect(rule.properties.tags.length).toBeLessThanOrEqual(20);
    }
    for (const [i, r] of (run.results as J[]).entries()) {
      const f = findings[i]!;
      expect(r.ruleId).toBe(f.ruleId);
      expect(rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(r.level).toBe(LEVEL[f.severity]);
      expect(r.message.text.length).toBeGreaterThan(0);
      expect(r.locations).toHaveLength(1);
      const phys = r.locations[0].physicalLocation;
      expect(phys.region.startLine).toBeGreaterThanOrEqual(1);
      expect(phys.artifactLocation.uri).not.toMatch(SCHEME);
      if (f.location.path) {
        expect(phys.artifactLocation.uri).toBe(pathToUri(f.location.path));
        expect(phys.artifactLocation.uriBaseId).toBe('%SRCROOT%');
        expect(phys.region.startLine).toBe(f.location.startLine ?? 1);
      } else {
        expect(phys.artifactLocation.uri).toBe(imageToUri(f.location.target!));
        expect(phys.region.startLine).toBe(1);
      }
      expect(r.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]+:\d+$/);
      expect(r.properties['security-scan/fingerprint']).toBe(f.fingerprint);
    }
  });
});

describe('locations', () => {
  it('a Helm chart path "x.tgz:templates/a.yaml" is a relative reference, not a URI scheme', () => {
    const findings = pipeline(loadTrivy('misconfig-helm.json.golden'));
    const run = runOf(render('trivy', findings).text);
    const uris = new Set((run.results as J[]).map((r) => r.locations[0].physicalLocation.artifactLocation.uri));
    expect([...uris]).toEqual(['testchart.tar.gz%3Atemplates/pod.yaml']);
    const resolved = new URL([...uris][0]!, 'file:///repo/');
    expect(resolved.protocol).toBe('file:');
    expect(decodeURIComponent(resolved.pathname)).toBe('/repo/testchart.tar.gz:templates/pod.yaml');
    expect(pathToUri('x.tgz:templates/a.yaml')).toBe('x.tgz%3Atemplates/a.yaml');
  });

  it.each([
    ['src/app.ts', 'src/app.ts'],
    ['docs/a b#c.md', 'docs/a%20b%23c.md'],
    ['c:/x.txt', 'c%3A/x.txt'],
    ['dir/100%.txt', 'dir/100%25.txt'],
  ])('pathToUri(%j) = %j', (path, uri) => {
    expect(pathToUri(path)).toBe(uri);
    expect(uri).not.toMatch(SCHEME);
  });

  it.each([
    ['alpine:3.9', 'alpine'],
    ['app', 'app'],
    ['ghcr.io/org/app:1.2', 'ghcr.io/org/app'],
    [`ghcr.io/org/app:1.2@sha256:${'0'.repeat(64)}`, 'ghcr.io/org/app'],
    [`redis@sha256:${'f'.repeat(64)}`, 'redis'],
    ['localhost:5000/team/app:dev', 'localhost%3A5000/team/app'],
    ['localhost:5000/app', 'localhost%3A5000/app'],
  ])('imageToUri(%j) = %j', (image, uri) => {
    expect(imageToUri(image)).toBe(uri);
    expect(uri).not.toMatch(SCHEME);
  });

  it('image findings use the image repository as URI with startLine 1', () => {
    const raws = parseTrivy(readFileSync(join(FIXTURES, 'trivy', 'image-alpine-39.json.golden'), 'utf8'), { target: 'ghcr.io/org/app:1.2' }).findings;
    const run = runOf(render('trivy', pipeline(raws)).text);
    expect(run.results).toHaveLength(6);
    for (const r of run.results as J[]) {
      expect(r.locations[0].physicalLocation.artifactLocation.uri).toBe('ghcr.io/org/app');
      expect(r.locations[0].physicalLocation.artifactLocation.uriBaseId).toBeUndefined();
      expect(r.locations[0].physicalLocation.region).toEqual({ startLine: 1 });
    }
  });

  it("file findings whose file can be read carry codeql's line hash of their line", () => {
    const content = '#!/bin/sh\n\nexport AWS_ACCESS_KEY_ID=x\n\n\n\necho y\n';
    const findings = pipeline(loadTrivy('secrets.json.golden'), ORDER, (p) => (p === 'deploy.sh' ? content : undefined));
    const run = runOf(render('trivy', findings).text);
    const hashes = lineHashes(content);
    const byLine = new Map((run.results as J[]).map((r) => [r.locations[0].physicalLocation.region.startLine, r.partialFingerprints.primaryLocationLineHash]));
    expect(byLine.get(3)).toBe(hashes.get(3));
    expect(byLine.get(7)).toBe(hashes.get(7));
  });
});

describe('merged findings and limits', () => {
  /** A Gitleaks report of the AWS key Trivy found in deploy.sh line 3 (secrets.json.golden). */
  const gitleaksAws = (): RawFinding =>
    parseGitleaks(JSON.stringify([{ RuleID: 'aws-access-token', Description: 'AWS', File: 'deploy.sh', StartLine: 3, EndLine: 3, StartColumn: 8, EndColumn: 46 }])).findings[0]!;

  it('a finding reported by trivy and gitleaks appears once, in the lead scanner run only', () => {
    const raws = [...loadTrivy('secrets.json.golden'), gitleaksAws()];
    const findings = pipeline(raws);
    expect(findings).toHaveLength(2);
    const merged = findings.find((f) => f.sources.length === 2)!;
    expect(merged.sources.map((s) => `${s.scanner}:${s.ruleId}`)).toEqual(['trivy:aws-access-key-id', 'gitleaks:aws-access-token']);
    const t = runOf(render('trivy', findings).text);
    const g = runOf(render('gitleaks', findings).text);
    expect(t.results).toHaveLength(2);
    expect(g.results).toHaveLength(0);
    const r = (t.results as J[]).find((x) => x.locations[0].physicalLocation.region.startLine === 3);
    expect(r.properties['security-scan/sources']).toEqual(['trivy:aws-access-key-id', 'gitleaks:aws-access-token']);
    expect(r.message.text).toContain('trivy and gitleaks');

    // with gitleaks listed first (same severity), it leads and the finding moves to its run
    const swapped = pipeline(raws, ['gitleaks', 'trivy']);
    expect(runOf(render('gitleaks', swapped).text).results).toHaveLength(1);
    expect(runOf(render('trivy', swapped).text).results).toHaveLength(1);
  });

  it('the more severe report leads whatever the scanner order', () => {
    const generic = parseGitleaks(JSON.stringify([{ RuleID: 'generic-api-key', File: 'deploy.sh', StartLine: 7 }])).findings[0]!; // medium
    for (const order of [ORDER, ['gitleaks', 'trivy']]) {
      const findings = pipeline([generic, ...loadTrivy('secrets.json.golden')], order);
      const at7 = findings.find((f) => f.location.startLine === 7)!;
      expect(at7.severity).toBe('high'); // Trivy's "mysecret" is HIGH
      expect(at7.sources[0]!.scanner).toBe('trivy');
      expect(runOf(render('gitleaks', findings).text).results).toHaveLength(0);
    }
  });

  it('maxResults keeps the most severe and records how many were left out', () => {
    const findings = pipeline(loadTrivy('misconfig-helm.json.golden'));
    expect(findings).toHaveLength(18);
    const rendered = render('trivy', findings, 5);
    const run = runOf(rendered.text);
    expect(run.results).toHaveLength(5);
    expect(rendered.results).toBe(5);
    expect(rendered.leftOut).toBe(13);
    expect(run.properties[LEFT_OUT_PROPERTY]).toBe(13);
    const keptIds = new Set((run.results as J[]).map((r) => r.properties['security-scan/fingerprint']));
    const kept = findings.filter((f) => keptIds.has(f.fingerprint));
    const out = findings.filter((f) => !keptIds.has(f.fingerprint));
    const minKept = Math.min(...kept.map((f) => RANK[f.severity]));
    const maxOut = Math.max(...out.map((f) => RANK[f.severity]));
    expect(minKept).toBeGreaterThanOrEqual(maxOut);
    expect(kept.filter((f) => f.severity === 'high')).toHaveLength(3); // all 3 HIGH are in
    // only the kept results' rules are listed
    expect((run.tool.driver.rules as J[]).map((r) => r.id).sort()).toEqual([...new Set(kept.map((f) => f.ruleId))].sort());
  });

  it('long descriptions are clipped to 1024 and tags to 20', () => {
    const raw: RawFinding = {
      kind: 'vulnerability',
      ruleId: 'CVE-2099-0001',
      title: 'T'.repeat(1500),
      description: 'D'.repeat(5000),
      severity: 'high',
      location: { path: 'package-lock.json' },
      cwe: Array.from({ length: 30 }, (_, i) => `CWE-${i + 1}`),
      source: { scanner: 'trivy', ruleId: 'CVE-2099-0001', severity: 'HIGH' },
    };
    const rule = runOf(render('trivy', pipeline([raw])).text).tool.driver.rules[0];
    expect(rule.fullDescription.text.length).toBeLessThanOrEqual(1024);
    expect(rule.shortDescription.text.length).toBeLessThanOrEqual(1024);
    expect(rule.properties.tags.length).toBeLessThanOrEqual(20);
    expect(rule.properties.tags).toContain('external/cwe/cwe-1');
  });
});

describe('the SARIF Multitool accepts every SARIF rendered from the fixtures (--rule-kind "Gh;Sarif")', () => {
  const reason = multitoolUnavailableReason();
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sarif-multitool-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(skipMultitool(reason))(`0 errors per file${reason ? ` (skipped: ${reason})` : ''}`, () => {
    const files: { name: string; path: string }[] = [];
    for (const [name, scanner, raws] of ALL_CASES) {
      const path = join(dir, `${name.replace(/[/.]/g, '_')}.sarif`);
      writeFileSync(path, render(scanner, pipeline(raws)).text);
      files.push({ name, path });
    }
    // the merged pair, and an image scan named by its reference
    const merged = pipeline([
      ...loadTrivy('secrets.json.golden'),
      ...parseGitleaks(JSON.stringify([{ RuleID: 'aws-access-token', File: 'deploy.sh', StartLine: 3, EndLine: 3 }, { RuleID: 'generic-api-key', File: 'conf/a b.env', StartLine: 1 }])).findings,
    ]);
    for (const s of ORDER) {
      const path = join(dir, `merged_${s}.sarif`);
      writeFileSync(path, render(s, merged).text);
      files.push({ name: `merged/${s}`, path });
    }
    const image = parseTrivy(readFileSync(join(FIXTURES, 'trivy', 'image-alpine-39.json.golden'), 'utf8'), { target: 'localhost:5000/org/app:1.2' }).findings;
    const imagePath = join(dir, 'image_ref.sarif');
    writeFileSync(imagePath, render('trivy', pipeline(image)).text);
    files.push({ name: 'trivy/image-alpine-39 as localhost:5000/org/app:1.2', path: imagePath });
    // control: real gitleaks SARIF fails GitHub's rules (no fullDescription/help), so the check can fail
    const control = join(FIXTURES, 'gitleaks', 'gitleaks-repo-sarif_simple.sarif');

    const reports = validateSarifFiles([...files.map((f) => f.path), control]);
    const table = Object.fromEntries(
      files.map((f) => {
        const r = reports.get(f.path)!;
        return [f.name, { errors: r.errors.length, warnings: r.warnings.length, notes: r.notes.length }];
      }),
    );
    const c = reports.get(control)!;
    table['control: gitleaks-repo-sarif_simple.sarif (as released)'] = { errors: c.errors.length, warnings: c.warnings.length, notes: c.notes.length };
    console.table(table);
    for (const f of files) {
      const r = reports.get(f.path)!;
      expect(r.errors, `${f.name}: ${r.errors.map((e) => `${e.ruleId} ${e.message}`).join('\n')}`).toEqual([]);
    }
    expect(c.errors.length).toBeGreaterThan(0);
    expect(c.errors.some((e) => e.ruleId === 'GH2012')).toBe(true);
  }, 240_000);
});

describe('pathToUri never leaves the repository', () => {
  it.each([
    ['../../etc/passwd', 'etc/passwd'],
    ['/etc/passwd', 'etc/passwd'],
    ['a/./b/../c', 'a/b/c'],
    ['..', 'unknown'],
    ['a\\|b.js', 'a%5C%7Cb.js'],
    ['chart.tgz:templates/pod.yaml', 'chart.tgz%3Atemplates/pod.yaml'],
    ['lone\ud800surrogate.js', 'lone%EF%BF%BDsurrogate.js'],
  ])('%s → %s', (path, uri) => {
    expect(pathToUri(path)).toBe(uri);
  });
});

describe('primaryLocationLineHash without a readable file', () => {
  it('is the first 8 bytes of SHA-256 of the fingerprint, as hex, then ":1" (values earlier uploads carry)', () => {
    const f: Finding = {
      kind: 'vulnerability', ruleId: 'CVE-2024-3094', title: 'CVE-2024-3094: xz backdoor', severity: 'critical',
      location: { target: 'registry.example/app:1.2' }, package: { name: 'xz-utils', version: '5.6.0' },
      fingerprint: 'cfc3a53c0817ab87d1e9713e6a58ecea', sources: [{ scanner: 'trivy', ruleId: 'CVE-2024-3094', severity: 'CRITICAL' }],
    };
    // Python: hashlib.sha256(b'cfc3a53c0817ab87d1e9713e6a58ecea').hexdigest()[:16]
    const [result] = runOf(render('trivy', [f]).text).results as J[];
    expect(result.partialFingerprints.primaryLocationLineHash).toBe('8444ee69a3fc8c4d:1');
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('registry.example/app');
  });
});
