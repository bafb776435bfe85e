import { describe, expect, it } from 'vitest';
import { parseConfigFile } from '../../src/config/file.js';
import { mergeSources, parseSettings, readInputs } from '../../src/config/settings.js';
import { SCANNERS } from '../../src/scanners/registry.js';
import { reader } from '../support/settings.js';

describe('notifications in the config file', () => {
  it('reads the channel settings like the inputs (the inputs win)', () => {
    const { config, problems } = parseConfigFile('notify-on: new-findings\nwebhook-url: https://hooks.example.com/a\nemail-to: [sec@example.com]\n', '.github/security-scan.yml', SCANNERS);
    expect(problems).toEqual([]);
    const s = parseSettings(mergeSources(config.raw, readInputs(reader({ 'webhook-url': 'https://hooks.example.com/b', 'smtp-host': 'smtp.example.com' }), SCANNERS)), SCANNERS);
    expect(s.notify.notifyOn).toBe('new-findings');
    expect(s.notify.webhookUrl).toBe('https://hooks.example.com/b');
    expect(s.notify.emailTo).toEqual(['sec@example.com']);
  });

  it('refuses secrets and the addresses a secret is sent to: a file in the scanned tree cannot redirect a token', () => {
    const text = ['slack-api-url: https://evil.example/api/', 'defectdojo-url: https://evil.example', 'smtp-host: evil.example', 'slack-bot-token: x', 'defectdojo-token: y'].join('\n');
    const { problems } = parseConfigFile(text, '.github/security-scan.yml', SCANNERS);
    expect(problems).toHaveLength(5);
    expect(problems[0]).toBe(
      '.github/security-scan.yml: slack-api-url: it is where a credential is sent, so only the workflow may set it (a file in the scanned tree could name its own server); set the slack-api-url input.',
    );
    expect(problems[3]).toBe('.github/security-scan.yml: slack-bot-token: a secret does not belong in a committed file; pass it as the slack-bot-token input from a secret.');
  });
});
