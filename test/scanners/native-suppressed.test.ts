// What the scanners' own mechanisms suppressed is counted (report.suppressions.native, via the summary's
// nativeSuppressed): Trivy's --show-suppressed list, Checkov's skipped checks. Real outputs, edited where noted.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCheckov } from '../../src/scanners/checkov/index.js';
import { trivy } from '../../src/scanners/trivy/index.js';
import { buildTrivyCommands } from '../../src/scanners/trivy/command.js';
import { scannerSettings } from '../support/settings.js';

const fixture = (p: string) => readFileSync(new URL(`../fixtures/${p}`, import.meta.url), 'utf8');

describe('natively suppressed findings are counted', () => {
  it('Checkov: the skipped checks of every framework report', () => {
    // The real multi-framework report (test/fixtures/checkov, see SOURCES.md) with skipped counts set.
    const doc = JSON.parse(fixture('checkov/defectdojo-checkov-report-multiple-check_type.json')) as { summary: { skipped: number } }[];
    expect(parseCheckov(JSON.stringify(doc)).summary?.['nativeSuppressed']).toBeUndefined();
    doc[0]!.summary.skipped = 3;
    doc[1]!.summary.skipped = 1;
    expect(parseCheckov(JSON.stringify(doc)).summary?.['nativeSuppressed']).toBe(4);
  });

  it('Trivy: ExperimentalModifiedFindings (--show-suppressed) across results', () => {
    const report = {
      SchemaVersion: 2,
      ArtifactName: '.',
      ArtifactType: 'filesystem',
      Results: [
        { Target: 'package-lock.json', Class: 'lang-pkgs', Type: 'npm', ExperimentalModifiedFindings: [{ Type: 'vulnerability', Status: 'ignored', Source: '.trivyignore' }, { Type: 'vulnerability', Status: 'ignored', Source: '.trivyignore' }] },
        { Target: 'go.sum', Class: 'lang-pkgs', Type: 'gomod', ExperimentalModifiedFindings: [{ Type: 'vulnerability', Status: 'not_affected', Source: 'vex.json' }] },
      ],
    };
    expect(trivy.parse(JSON.stringify(report), {}).summary).toEqual({ nativeSuppressed: 3 });
    expect(trivy.parse(JSON.stringify({ ...report, Results: [] }), {}).summary).toBeUndefined();
  });

  it('Trivy is asked for the suppressed list on vulnerability scans (releases that have --show-suppressed)', () => {
    const s = scannerSettings('trivy', { 'trivy-scanners': 'vuln,secret' });
    const current = buildTrivyCommands(s, [], 60_000, { misconfigName: 'misconfig', skipChecksFlag: '--skip-check-update', showSuppressed: true }, '', ['--ignorefile', '/t/i']);
    expect(current[0]!.args).toContain('--show-suppressed');
    expect(current[0]!.args.join(' ')).toContain('--ignorefile /t/i');
    const old = buildTrivyCommands(s, [], 60_000, { misconfigName: 'config', skipChecksFlag: '--skip-policy-update', showSuppressed: false });
    expect(old[0]!.args).not.toContain('--show-suppressed');
  });
});
