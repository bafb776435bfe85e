// `mode: publish` and matrix legs, below the bundled action (test/modes/matrix-legs.test.ts runs it whole): the SARIF
// check accepts the categories a leg writes (`security-scan/image=app,arch=arm64/trivy/`, `…==<hash>/…`) and still
// refuses what climbs or strays; a publish leg finds its own artifact among the ones download-artifact's `pattern:`
// left, and never follows a symbolic link to one.
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSarif } from '../../src/publish/sarif-check.js';
import { keyByLeg, legKey, legReportDir, matrixField, type MatrixLeg } from '../../src/modes/matrix.js';

const sarif = (...ids: string[]) => JSON.stringify({ version: '2.1.0', runs: ids.map((id) => ({ tool: { driver: { name: 'Trivy' } }, automationDetails: { id }, results: [] })) });
const keyOf = (o: Record<string, string>) => legKey(Object.entries(o).map(([name, value]) => ({ name, value })));
const leg = (json: string): MatrixLeg => matrixField().parse(json)!;

describe('the publish SARIF check and leg-keyed categories', () => {
  const plain = keyOf({ image: 'app', arch: 'arm64' });
  const hashed = keyOf({ image: 'app:1' });

  it.each([
    ['a plain leg key (= and ,)', plain],
    ['a hashed leg key (==)', hashed],
  ])('accepts %s under the un-keyed prefix (a leg published by a job outside the matrix)', (_what, key) => {
    const r = checkSarif(sarif(`security-scan/${key}/trivy/`), { categoryPrefix: 'security-scan' });
    expect(r).toMatchObject({ ok: true, categories: [`security-scan/${key}/trivy/`] });
  });

  it("accepts the leg's own categories under the leg-keyed prefix, and refuses another leg's", () => {
    const own = keyByLeg({ categoryPrefix: 'security-scan', commentKey: '', artifactName: 'security-reports' }, leg('{"image": "app:1"}'));
    expect(checkSarif(sarif(`security-scan/${hashed}/trivy/`), own)).toMatchObject({ ok: true });
    const other = checkSarif(sarif(`security-scan/${keyOf({ image: 'db:2' })}/trivy/`), own);
    expect(other).toMatchObject({ ok: false, problem: 'category' });
  });

  it.each([
    ['..', 'security-scan/../trivy/'],
    ['a slash-free escape', 'security-scan/a b/trivy/'],
    ['another prefix', 'someone-else/image=app/trivy/'],
    ['a colon', 'security-scan/image=app:1/trivy/'],
  ])('still refuses %s', (_what, id) => {
    expect(checkSarif(sarif(id), { categoryPrefix: 'security-scan' })).toMatchObject({ ok: false, problem: 'category' });
  });
});

describe('legReportDir', () => {
  const l = leg('{"image": "app:1"}');
  const publish = keyByLeg({ categoryPrefix: 'security-scan', commentKey: '', artifactName: 'security-reports' }, l);

  it("is report-dir/<the leg's artifact> when download-artifact's pattern: put the legs there", async () => {
    const reports = mkdtempSync(join(tmpdir(), 'leg-reports-'));
    mkdirSync(join(reports, publish.artifactName));
    mkdirSync(join(reports, `security-reports-${keyOf({ image: 'db:2' })}`));
    const seen: string[] = [];
    expect(await legReportDir(reports, { ...publish, matrix: l }, { info: (m) => seen.push(m) })).toBe(join(reports, `security-reports-${l.key}`));
    expect(seen.join('\n')).toContain(l.key);
  });

  it('is report-dir itself outside a matrix, or when the leg downloaded its artifact by name', async () => {
    const reports = mkdtempSync(join(tmpdir(), 'leg-reports-'));
    mkdirSync(join(reports, 'sarif'));
    expect(await legReportDir(reports, { ...publish, matrix: l })).toBe(reports);
    mkdirSync(join(reports, 'security-reports'));
    expect(await legReportDir(reports, { artifactName: 'security-reports' })).toBe(reports);
  });

  it("never follows a symbolic link in place of the leg's directory", async () => {
    const reports = mkdtempSync(join(tmpdir(), 'leg-reports-'));
    const elsewhere = mkdtempSync(join(tmpdir(), 'elsewhere-'));
    symlinkSync(elsewhere, join(reports, publish.artifactName));
    expect(await legReportDir(reports, { ...publish, matrix: l })).toBe(reports);
  });
});
