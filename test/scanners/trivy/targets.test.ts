// Each Trivy target (the tree, each image of `images`) is its own sub-run: one failing image no longer throws away
// the tree's findings, stops the remaining images or goes unnamed. Trivy is still `failed` (the gate blocks, it gets
// no SARIF) with an error naming the failed image(s), and the other targets' findings are kept.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeTrivy, runTrivy } from './fake-trivy.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'trivy');
const SECRETS = readFileSync(join(FIXTURES, 'secrets.json.golden'), 'utf8');
const IMAGE = readFileSync(join(FIXTURES, 'image-alpine-39.json.golden'), 'utf8');
const NO_IMAGE = { exitCode: 1, stderr: '2026-12-01T00:00:00Z\tFATAL\tFatal error\timage scan error: unable to find the specified image "db:1"\n' };

const treeFindings = 2; // secrets.json.golden: 2 secrets in deploy.sh
const imageFindings = 6; // image-alpine-39.json.golden: 6 vulnerabilities

describe('Trivy with images: a failing image (fake trivy)', () => {
  it('images: app:latest,db:1 — db:1 fails: the tree and app:latest are reported, db:1 is named, Trivy failed, the gate blocks', async () => {
    const fake = fakeTrivy({ '.': { json: SECRETS }, 'app:latest': { json: IMAGE }, 'db:1': NO_IMAGE });
    const { outcome, report, markdown, logger } = await runTrivy(fake, { images: 'app:latest,db:1', 'fail-on': 'none' });
    // every target was tried, in order
    expect(fake.calls().map((argv) => argv.at(-1))).toEqual(['.', 'app:latest', 'db:1']);
    expect(outcome.status.state).toBe('failed');
    expect(outcome.status.error).toBe(
      `'db:1' failed (1 of 3 targets; the other 2 were scanned and their findings kept): exited with code 1:\n${NO_IMAGE.stderr.trim()}`,
    );
    expect(outcome.status.rawCount).toBe(treeFindings + imageFindings);
    expect(outcome.findings.filter((f) => f.location.target === 'app:latest')).toHaveLength(imageFindings);
    expect(outcome.findings.filter((f) => f.kind === 'secret' && f.location.path === 'deploy.sh')).toHaveLength(treeFindings);
    expect(report.total).toBeGreaterThan(0);
    expect(report.gate.decision).toBe('BLOCK'); // even with fail-on: none, a failed target blocks
    expect(report.gate.reasons.join('\n')).toContain("Trivy failed: 'db:1' failed (1 of 3 targets; the other 2 were scanned and their findings kept)");
    // the summary's scanner row names the image first (Markdown escapes the parentheses)
    expect(markdown.split('\n').find((l) => l.startsWith('| Trivy |'))).toMatch(/^\| Trivy \| ❌ failed: 'db:1' failed \\\(1 of 3 targets; /);
    expect(logger.lines.some((l) => l.level === 'error' && l.message.startsWith("Trivy failed: 'db:1' failed (1 of 3 targets"))).toBe(true);
  });

  it('the first of several images fails: the later ones are still scanned', async () => {
    const fake = fakeTrivy({ '.': { json: SECRETS }, 'db:1': NO_IMAGE, 'app:latest': { json: IMAGE } });
    const { outcome } = await runTrivy(fake, { images: 'db:1,app:latest' });
    expect(fake.calls().map((argv) => argv.at(-1))).toEqual(['.', 'db:1', 'app:latest']);
    expect(outcome.status.state).toBe('failed');
    expect(outcome.status.error).toMatch(/^'db:1' failed \(1 of 3 targets; .*\): exited with code 1/);
    expect(outcome.findings.filter((f) => f.location.target === 'app:latest')).toHaveLength(imageFindings);
  });

  it('two images fail: both are named, the tree is kept', async () => {
    const fake = fakeTrivy({ '.': { json: SECRETS }, 'db:1': NO_IMAGE, 'cache:2': { exitCode: 2, stderr: 'FATAL\tcache:2: manifest unknown\n' } });
    const { outcome } = await runTrivy(fake, { images: 'db:1,cache:2' });
    expect(outcome.status.error).toBe(
      `2 of 3 targets failed ('db:1', 'cache:2'; the other was scanned and its findings kept):\n- 'db:1': exited with code 1:\n${NO_IMAGE.stderr.trim()}\n- 'cache:2': exited with code 2:\nFATAL\tcache:2: manifest unknown`,
    );
    expect(outcome.findings).toHaveLength(treeFindings);
  });

  it('an image whose report is malformed is that image’s failure; the other targets are kept', async () => {
    const fake = fakeTrivy({ '.': { json: SECRETS }, 'app:latest': { json: IMAGE }, 'db:1': { json: '{"SchemaVersion":2,"Results":[null]}' } });
    const { outcome } = await runTrivy(fake, { images: 'app:latest,db:1' });
    expect(outcome.status.state).toBe('failed');
    expect(outcome.status.error).toBe("'db:1' failed (1 of 3 targets; the other 2 were scanned and their findings kept): Trivy report: Results[0] is null, expected an object");
    expect(outcome.findings).toHaveLength(treeFindings + imageFindings);
  });

  it('the tree scan fails: the images are still scanned and the scan root is named', async () => {
    const fake = fakeTrivy({ '.': { exitCode: 1, stderr: 'FATAL\tfs scan error\n' }, 'app:latest': { json: IMAGE } });
    const { outcome } = await runTrivy(fake, { images: 'app:latest' });
    expect(outcome.status.error).toBe('the scan root failed (1 of 2 targets; the other was scanned and its findings kept): exited with code 1:\nFATAL\tfs scan error');
    expect(outcome.findings).toHaveLength(imageFindings);
  });

  it('every target fails: Trivy failed naming each, no findings', async () => {
    const fake = fakeTrivy({ '.': { exitCode: 1, stderr: 'FATAL\tfs\n' }, 'db:1': NO_IMAGE });
    const { outcome, report } = await runTrivy(fake, { images: 'db:1' });
    expect(outcome.status.error).toBe(`2 of 2 targets failed (the scan root, 'db:1'):\n- the scan root: exited with code 1:\nFATAL\tfs\n- 'db:1': exited with code 1:\n${NO_IMAGE.stderr.trim()}`);
    expect(outcome.findings).toEqual([]);
    expect(report.gate.decision).toBe('BLOCK');
  });

  it('a target that uses up the timeout: it is named as timed out, the targets after it as not scanned', async () => {
    const fake = fakeTrivy({ '.': { json: SECRETS }, 'slow:1': { sleepSeconds: 30 }, 'app:latest': { json: IMAGE } });
    const { outcome } = await runTrivy(fake, { images: 'slow:1,app:latest', timeout: '2s' });
    expect(fake.calls().map((argv) => argv.at(-1))).toEqual(['.', 'slow:1']);
    expect(outcome.status.error).toBe(
      "2 of 3 targets failed ('slow:1', 'app:latest'; the other was scanned and its findings kept):\n" +
        "- 'slow:1': timed out after 2s and was stopped; raise 'scanner-timeouts' (e.g. trivy=4s) or 'timeout', or narrow 'path'.\n" +
        "- 'app:latest': not scanned: the 2s timeout was used up by the targets before it; raise 'scanner-timeouts' (e.g. trivy=4s) or 'timeout'.",
    );
    expect(outcome.findings).toHaveLength(treeFindings);
  }, 20_000);

  it('a single target that fails fails Trivy with its own message, as before', async () => {
    const fake = fakeTrivy({ '.': { exitCode: 1, stderr: 'FATAL\tfs scan error\n' } });
    const { outcome } = await runTrivy(fake);
    expect(outcome.status).toMatchObject({ state: 'failed', error: 'exited with code 1:\nFATAL\tfs scan error' });
  });

  it('all targets succeed: ok, every finding kept', async () => {
    const fake = fakeTrivy({ '.': { json: SECRETS }, 'app:latest': { json: IMAGE }, 'db:1': { json: IMAGE } });
    const { outcome, report } = await runTrivy(fake, { images: 'app:latest,db:1', 'fail-on': 'none' });
    expect(outcome.status.state).toBe('ok');
    expect(outcome.status.error).toBeUndefined();
    expect(outcome.findings).toHaveLength(treeFindings + 2 * imageFindings);
    expect(report.gate.decision).toBe('PROCEED');
  });
});
