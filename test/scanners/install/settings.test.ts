import { parseInstallSettings, DEFAULT_VERSIONS } from './helpers.js';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/errors.js';

const read = (values: Record<string, string>) => (name: string) => values[name] ?? '';

describe('parseInstallSettings', () => {
  it('defaults: install on, pinned versions, no explicit paths', () => {
    const s = parseInstallSettings(read({}), ['trivy', 'gitleaks', 'snyk', 'checkov', 'falco']);
    expect(s.installScanners).toBe(true);
    expect(s.scanners).toEqual({
      checkov: { path: '', version: DEFAULT_VERSIONS['checkov'] },
      gitleaks: { path: '', version: DEFAULT_VERSIONS['gitleaks'] },
      snyk: { path: '', version: DEFAULT_VERSIONS['snyk'] },
      trivy: { path: '', version: DEFAULT_VERSIONS['trivy'] },
    });
    // Falco reads files and runs no binary: nothing to install.
    expect(Object.keys(s.scanners)).not.toContain('falco');
  });

  it('reads <id>-path, <id>-version (a leading v is dropped) and install-scanners', () => {
    const s = parseInstallSettings(
      read({ 'trivy-path': ' /opt/trivy ', 'trivy-version': 'v0.74.0', 'gitleaks-version': '8.28.0', 'install-scanners': 'false' }),
      ['trivy', 'gitleaks'],
    );
    expect(s.scanners['trivy']).toEqual({ path: '/opt/trivy', version: '0.74.0' });
    expect(s.scanners['gitleaks']).toEqual({ path: '', version: '8.28.0' });
    expect(s.installScanners).toBe(false);
  });

  it.each([
    ['trivy-version', 'latest', /Input 'trivy-version' is 'latest'; use an exact release version such as 0\.75\.0/],
    ['snyk-version', '1.13', /Input 'snyk-version' is '1\.13'/],
    ['install-scanners', 'maybe', /Input 'install-scanners' is 'maybe'; use true or false/],
  ])('%s=%s is a ConfigurationError naming the input', (name, value, message) => {
    expect(() => parseInstallSettings(read({ [name]: value }), ['trivy', 'snyk'])).toThrow(ConfigurationError);
    expect(() => parseInstallSettings(read({ [name]: value }), ['trivy', 'snyk'])).toThrow(message);
  });
});
