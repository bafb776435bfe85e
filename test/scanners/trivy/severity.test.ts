// Trivy is asked for every severity; the action applies the `severity` input itself and counts what it drops.
// With Trivy's own `--severity`, a finding below it never reached the action and no count showed it.
import { describe, expect, it } from 'vitest';
import { fakeTrivy, runTrivy } from './fake-trivy.js';

const report = JSON.stringify({
  SchemaVersion: 2,
  ArtifactName: '.',
  ArtifactType: 'filesystem',
  Results: [
    {
      Target: 'deploy.sh',
      Class: 'secret',
      Secrets: [
        { RuleID: 'aws-access-key-id', Category: 'AWS', Severity: 'CRITICAL', Title: 'AWS Access Key ID', StartLine: 3, EndLine: 3 },
        { RuleID: 'custom-low', Category: 'Custom', Severity: 'LOW', Title: 'A low one', StartLine: 7, EndLine: 7 },
      ],
    },
  ],
});

describe('Trivy severities (fake trivy)', () => {
  it('severity: CRITICAL,HIGH — no --severity reaches Trivy; the LOW finding is counted as filtered', async () => {
    const fake = fakeTrivy({ '.': { json: report }, 'app:1': { json: '{"SchemaVersion":2,"ArtifactName":"app:1","ArtifactType":"container_image"}' } });
    const { outcome, report: built } = await runTrivy(fake, { severity: 'CRITICAL,HIGH', images: 'app:1' });
    expect(fake.calls()).toHaveLength(2);
    for (const argv of fake.calls()) expect(argv.some((a) => a.startsWith('--severity'))).toBe(false);
    expect(outcome.status).toMatchObject({ state: 'ok', rawCount: 2 });
    expect(built.accounting).toMatchObject({ raw: 2, reported: 1, filteredBySeverity: 1 });
    expect(built.findings.map((f) => f.ruleId)).toEqual(['aws-access-key-id']);
  });
});
