import { describe, expect, it } from 'vitest';
import { dialectFromVersion } from '../../../src/scanners/trivy/index.js';

describe('dialectFromVersion', () => {
  it.each([
    ['0.75.0', 'misconfig'],
    ['v0.52.1', 'misconfig'],
    ['1.0.0', 'misconfig'],
  ])('%s is known to use the current flags', (version, name) => {
    expect(dialectFromVersion(version)).toEqual({ misconfigName: name, skipChecksFlag: '--skip-check-update', showSuppressed: true });
  });
  it.each(['dev', '0.51.4', '0.45.0', undefined, ''])('%s is probed through its help', (version) => {
    expect(dialectFromVersion(version)).toBeUndefined();
  });
});
