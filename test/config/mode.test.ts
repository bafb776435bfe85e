// The `mode` input (scan | publish, a list that grows) and `report-dir`, which only publish mode reads and needs.
import { describe, expect, it } from 'vitest';
import { MODES } from '../../src/config/settings.js';
import { ConfigurationError } from '../../src/errors.js';
import { settingsFor } from '../support/settings.js';

function problems(inputs: Record<string, string>): readonly string[] {
  try {
    settingsFor(inputs);
  } catch (e) {
    if (e instanceof ConfigurationError) return e.problems;
    throw e;
  }
  return [];
}

describe('mode and report-dir', () => {
  it('scan by default, publish when asked (case-insensitive), with the report directory', () => {
    expect(settingsFor().publish).toMatchObject({ mode: 'scan', reportDir: '' });
    expect(settingsFor({ mode: ' Publish ', 'report-dir': 'reports' }).publish).toMatchObject({ mode: 'publish', reportDir: 'reports' });
    expect(MODES).toEqual(['scan', 'publish', 'shard', 'merge']);
  });

  it('refuses an unknown mode, naming the input and what is allowed', () => {
    expect(problems({ mode: 'combine' })).toEqual(["Input 'mode' is 'combine'; allowed: scan, publish, shard, merge."]);
  });

  it('publish needs report-dir; scan refuses it (it would be ignored) — with the other problems, at once', () => {
    expect(problems({ mode: 'publish' })).toEqual([
      "Input 'mode' is 'publish', which needs input 'report-dir': the directory where the workflow downloaded the scan run's report artifact (actions/download-artifact's 'path').",
    ]);
    expect(problems({ 'report-dir': 'reports', 'fail-on': 'sometimes' })).toEqual([
      "Input 'fail-on' is 'sometimes'; allowed: critical, high, medium, low, none.",
      "Input 'report-dir' is 'reports', but it is only read with 'mode: publish' (input 'mode' is 'scan'); remove it or set mode: publish.",
    ]);
  });

  it("merge and publish run no scanner: the legs' with: block is accepted (trivy-scan-type: image without images), a bad value is still refused", () => {
    const legInputs = { scanners: 'trivy,gitleaks', 'trivy-scan-type': 'image' };
    expect(problems({ ...legInputs })).toEqual(["Input 'trivy-scan-type' is 'image' but input 'images' is empty; list the images to scan (e.g. images: app:latest)."]);
    expect(problems({ ...legInputs, mode: 'shard', 'shard-key': 'a' })).toHaveLength(1);
    expect(problems({ ...legInputs, mode: 'merge' })).toEqual([]);
    expect(problems({ ...legInputs, mode: 'publish', 'report-dir': 'reports' })).toEqual([]);
    expect(problems({ ...legInputs, mode: 'merge', 'trivy-scan-type': 'imagez' })).toHaveLength(1);
  });
});
