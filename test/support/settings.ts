// Settings for tests, parsed the way the action parses its inputs (an InputReader over a plain map).
import { settingsFromInputs } from '../../src/config/settings.js';
import { SCANNERS, type ActionSettings } from '../../src/scanners/registry.js';

/** Like core.getInput over a map: '' for anything unset. */
export const reader = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';

/** The action's settings for these inputs (throws the ConfigurationError the action would). */
export function settingsFor(inputs: Record<string, string> = {}): ActionSettings {
  return settingsFromInputs(reader(inputs), SCANNERS);
}

/** One scanner's parsed settings, with `scanners` set to it. */
export function scannerSettings<Id extends keyof ActionSettings['scanners']>(id: Id, inputs: Record<string, string> = {}): NonNullable<ActionSettings['scanners'][Id]> {
  const s = settingsFor({ scanners: id, ...inputs });
  return s.scanners[id]!;
}
