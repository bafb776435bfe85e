import type { Settings } from './settings.js';

/** The settings as one line of JSON for the debug log, with the token redacted (actions/checkout logs its settings so). */
export function describeSettings(settings: Settings): string {
  const { github, ...rest } = settings;
  return JSON.stringify({ ...rest, github: { token: github.token ? '***' : '' } });
}
