import { describe, expect, it } from 'vitest';
import { describeSettings } from '../../src/config/describe.js';
import { settingsFor } from '../support/settings.js';

describe('describeSettings (the debug log of the resolved settings)', () => {
  it('lists every section once, with the token redacted', () => {
    const token = ['ghp', 'FAKE', 'describe', 'test'].join('_');
    const text = describeSettings(settingsFor({ 'github-token': token, 'fail-on': 'critical' }));
    expect(text).not.toContain(token);
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(parsed).sort()).toEqual(['extras', 'gate', 'github', 'install', 'notify', 'orchestration', 'policy', 'publish', 'scan', 'scanners']);
    expect(parsed['github']).toEqual({ token: '***' });
    expect(parsed['gate']).toMatchObject({ failOn: 'critical' });
  });
});
