import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/model.js';
import { buildRemediationPatch } from '../../src/remediate/patch.js';
import { planUpgrades } from '../../src/remediate/upgrades.js';
import { fixtureFindings } from './support.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A temp git repository holding `files` (committed), so `git apply` runs as it would in the user's checkout. */
function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'remediate-'));
  dirs.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe' });
  git('init', '-q');
  git('-c', 'core.autocrlf=false', 'add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-m', 'fixture');
  return root;
}

function apply(root: string, patch: string): void {
  const file = join(root, '..', `${root.split('/').pop()}.patch`);
  writeFileSync(file, patch);
  dirs.push(file);
  execFileSync('git', ['apply', '--check', file], { cwd: root, stdio: 'pipe' });
  execFileSync('git', ['apply', file], { cwd: root, stdio: 'pipe' });
}

/** A Trivy-shaped dependency finding (ecosystem words as Trivy writes them: pip, gomod, pom). */
function vuln(fp: string, name: string, version: string, fixedVersion: string, ecosystem: string, path: string): Finding {
  return {
    fingerprint: fp, kind: 'vulnerability', ruleId: `CVE-${fp}`, title: fp, severity: 'high', location: { path },
    package: { name, version, ecosystem, fixedVersion }, sources: [{ scanner: 'trivy', ruleId: fp, severity: 'high' }],
  };
}

const PACKAGE_JSON = `{
  "name": "pnpm-fixture",
  "version": "1.0.0",
  "dependencies": {
    "jquery": "3.3.9",
    "lodash": "^4.17.4"
  },
  "devDependencies": {
    "typescript": "^5.4.0"
  }
}
`;

describe('remediation.patch', () => {
  it('bumps package.json from the recorded Trivy pnpm scan (lodash 4.17.4, jquery 3.3.9), keeping the range operator', () => {
    const root = repo({ 'package.json': PACKAGE_JSON, 'pnpm-lock.yaml': 'lockfileVersion: 5.4\n' });
    const r = buildRemediationPatch(planUpgrades(fixtureFindings('trivy', 'repo-pnpm-lockfile.json.golden')), root);
    expect([...r.bumped].sort()).toEqual(['package.json: jquery 3.3.9 → 3.4.0', 'package.json: lodash ^4.17.4 → ^4.17.12'].sort());
    expect(r.patch).toContain('--- a/package.json\n+++ b/package.json\n');
    apply(root, r.patch);
    expect(readFileSync(join(root, 'package.json'), 'utf8')).toBe(PACKAGE_JSON.replace('"3.3.9"', '"3.4.0"').replace('"^4.17.4"', '"^4.17.12"'));
  });

  it('Snyk goof: direct dependencies bumped, transitive-only ones listed in the header, not edited', () => {
    const pkg = '{\n  "dependencies": {\n    "ejs": "0.8.8",\n    "express-fileupload": "0.0.5",\n    "dot-prop": "~4.2.0"\n  }\n}\n';
    const root = repo({ 'package.json': pkg });
    const r = buildRemediationPatch(planUpgrades(fixtureFindings('snyk', 'snyk-test-npm-goof.json')), root);
    expect(r.bumped.sort()).toEqual(['package.json: dot-prop ~4.2.0 → ~5.1.1', 'package.json: ejs 0.8.8 → 2.5.5', 'package.json: express-fileupload 0.0.5 → 1.1.6-alpha.6']);
    expect(r.transitive.map((t) => t.split(' ')[0]).sort()).toEqual(['acorn', 'https-proxy-agent', 'minimist', 'tree-kill']);
    expect(r.patch).toMatch(/^# Not declared directly/m);
    expect(r.patch).toMatch(/^# {3}minimist 0\.0\.8 → 0\.2\.1 \(npm\)$/m);
    apply(root, r.patch);
    expect(readFileSync(join(root, 'package.json'), 'utf8')).toBe('{\n  "dependencies": {\n    "ejs": "2.5.5",\n    "express-fileupload": "1.1.6-alpha.6",\n    "dot-prop": "~5.1.1"\n  }\n}\n');
  });

  it('requirements.txt, go.mod (require line and block) and pom.xml (${property} and literal version)', () => {
    const req = '# pinned\nDjango[argon2] == 2.2.1 ; python_version >= "3.6"  # web\nrequests>=2.19.0\nflask~=1.0.2\nsix==1.16.0\n';
    const gomod = 'module example.com/app\n\ngo 1.21\n\nrequire github.com/gin-gonic/gin v1.6.0\n\nrequire (\n\tgolang.org/x/net v0.7.0\n\tgolang.org/x/text v0.3.7 // indirect\n)\n';
    const pom = '<project>\n  <properties>\n    <jackson.version>2.9.8</jackson.version>\n  </properties>\n  <dependencies>\n    <dependency>\n      <groupId>com.fasterxml.jackson.core</groupId>\n      <artifactId>jackson-databind</artifactId>\n      <version>${jackson.version}</version>\n    </dependency>\n    <dependency>\n      <groupId>org.apache.logging.log4j</groupId>\n      <artifactId>log4j-core</artifactId>\n      <version>2.14.1</version>\n    </dependency>\n  </dependencies>\n</project>\n';
    const root = repo({ 'api/requirements.txt': req, 'svc/go.mod': gomod, 'java/pom.xml': pom });
    const r = buildRemediationPatch(planUpgrades([
      vuln('p1', 'django', '2.2.1', '2.2.28, 3.2.13', 'pip', 'api/requirements.txt'),
      vuln('p2', 'requests', '2.19.0', '2.20.0', 'pip', 'api/requirements.txt'),
      vuln('p3', 'flask', '1.0.2', '1.0.3', 'pip', 'api/requirements.txt'),
      vuln('g1', 'github.com/gin-gonic/gin', 'v1.6.0', 'v1.9.1', 'gomod', 'svc/go.mod'),
      vuln('g2', 'golang.org/x/net', 'v0.7.0', '0.17.0', 'gomod', 'svc/go.mod'),
      vuln('g3', 'golang.org/x/text', 'v0.3.7', '0.3.8', 'gomod', 'svc/go.mod'),
      vuln('m1', 'com.fasterxml.jackson.core:jackson-databind', '2.9.8', '2.9.10.8', 'pom', 'java/pom.xml'),
      vuln('m2', 'org.apache.logging.log4j:log4j-core', '2.14.1', '2.15.0, 2.16.0', 'pom', 'java/pom.xml'),
    ]), root);
    expect(r.transitive).toEqual(['golang.org/x/text v0.3.7 → 0.3.8 (go)']);
    for (const f of ['api/requirements.txt', 'svc/go.mod', 'java/pom.xml']) expect(r.patch).toContain(`--- a/${f}\n+++ b/${f}\n`);
    apply(root, r.patch);
    expect(readFileSync(join(root, 'api/requirements.txt'), 'utf8')).toBe('# pinned\nDjango[argon2] == 2.2.28 ; python_version >= "3.6"  # web\nrequests>=2.20.0\nflask~=1.0.3\nsix==1.16.0\n');
    expect(readFileSync(join(root, 'svc/go.mod'), 'utf8')).toBe(gomod.replace('gin v1.6.0', 'gin v1.9.1').replace('net v0.7.0', 'net v0.17.0'));
    expect(readFileSync(join(root, 'java/pom.xml'), 'utf8')).toBe(pom.replace('>2.9.8<', '>2.9.10.8<').replace('>2.14.1<', '>2.15.0<'));
  });

  it('CRLF line endings and a missing final newline survive git apply', () => {
    const pkg = '{\r\n  "dependencies": {\r\n    "lodash": "^4.17.4"\r\n  }\r\n}';
    const gomod = 'module example.com/app\r\n\r\nrequire (\r\n\tgithub.com/gin-gonic/gin v1.6.0\r\n)';
    const req = 'flask==1.0.2\r\nsix==1.16.0';
    const root = repo({ 'package.json': pkg, 'go.mod': gomod, 'requirements.txt': req });
    const r = buildRemediationPatch(planUpgrades([
      ...fixtureFindings('trivy', 'repo-pnpm-lockfile.json.golden'),
      vuln('g1', 'github.com/gin-gonic/gin', 'v1.6.0', 'v1.9.1', 'gomod', 'go.mod'),
      vuln('p1', 'six', '1.16.0', '1.17.0', 'pip', 'requirements.txt'),
    ]), root);
    expect(r.patch).toContain('\\ No newline at end of file');
    apply(root, r.patch);
    expect(readFileSync(join(root, 'package.json'), 'utf8')).toBe(pkg.replace('^4.17.4', '^4.17.12'));
    expect(readFileSync(join(root, 'go.mod'), 'utf8')).toBe(gomod.replace('v1.6.0', 'v1.9.1'));
    expect(readFileSync(join(root, 'requirements.txt'), 'utf8')).toBe('flask==1.0.2\r\nsix==1.17.0');
  });

  it('a symlinked manifest (or one under a symlinked directory) is not followed; the patch touches only the tree', () => {
    const outside = mkdtempSync(join(tmpdir(), 'remediate-outside-'));
    dirs.push(outside);
    writeFileSync(join(outside, 'package.json'), PACKAGE_JSON);
    const root = repo({ 'app/keep.txt': 'x\n' });
    symlinkSync(join(outside, 'package.json'), join(root, 'package.json'));
    symlinkSync(outside, join(root, 'linked'));
    const findings = fixtureFindings('trivy', 'repo-pnpm-lockfile.json.golden').map((f) => ({ ...f, location: { path: 'linked/pnpm-lock.yaml' } }));
    const r = buildRemediationPatch(planUpgrades(findings), root);
    expect(r.patch).toBe('');
    expect(r.notes.sort()).toEqual(['linked/package.json: a symlink (or under one); not read.', 'package.json: a symlink (or under one); not read.']);
    expect(r.transitive.map((t) => t.split(' ')[0]).sort()).toEqual(['jquery', 'lodash']);
    expect(readFileSync(join(outside, 'package.json'), 'utf8')).toBe(PACKAGE_JSON);
  });

  it('hostile locations (.., absolute) are never turned into paths; an unparseable manifest is a note', () => {
    const root = repo({ 'package.json': '{ "dependencies": { "lodash": ' });
    const findings = fixtureFindings('trivy', 'repo-pnpm-lockfile.json.golden').map((f) => ({ ...f, location: { path: '../../etc/pnpm-lock.yaml' } }));
    const r = buildRemediationPatch(planUpgrades([...findings, { ...findings[0]!, fingerprint: 'abs', location: { path: '/etc/pnpm-lock.yaml' } }]), root);
    expect(r.patch).toBe('');
    expect(r.notes.length).toBe(1);
    expect(r.notes[0]).toMatch(/^package\.json: could not be parsed \(not valid JSON/);
  });
});
