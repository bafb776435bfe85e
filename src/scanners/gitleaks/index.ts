import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SECRET_REMEDIATION, type RawFinding, type Severity } from '../../findings/model.js';
import { ScannerError } from '../../errors.js';
import { choice, text, type InputReader } from '../../config/inputs.js';
import type { EventInfo, ParsedOutput, RawOutput, ScanContext, Scanner } from '../types.js';
import { execScanner, readVersion } from '../command.js';

export const GITLEAKS_MODES = ['auto', 'dir', 'git'] as const;
export type GitleaksMode = (typeof GITLEAKS_MODES)[number];

export interface GitleaksSettings {
  mode: GitleaksMode;
  /** A gitleaks config file (TOML), relative to the workspace; empty = Gitleaks' own default rules. */
  config: string;
}

/**
 * Gitleaks reports no severity. We assign one per rule family, matching the severity Trivy gives the same kind
 * of secret so that a secret both scanners find keeps one severity:
 * - critical: credentials that grant cloud, source-control, package-registry or payment access, and private keys;
 * - high: other service API tokens and webhooks with write access (the default for any rule not listed);
 * - medium: generic and heuristic rules (generic-api-key, JWTs, basic-auth URLs), which are noisier;
 * - low: identifiers that are not credentials on their own.
 * The first pattern that matches the rule id wins.
 */
export const GITLEAKS_SEVERITY: readonly (readonly [RegExp, Severity])[] = [
  [/^(generic-api-key|jwt|jwt-base64|curl-auth-header|curl-auth-user|hashicorp-tf-password|sourcegraph-access-token)$/, 'medium'],
  [/^(slack-webhook-url|discord-webhook|teams-webhook|microsoft-teams-webhook)/, 'medium'],
  [/(client-id|publishable|-public-key$|sidekiq-secret)/, 'low'],
  [/^(private-key|pkcs12-file)/, 'critical'],
  [/^(aws|gcp|google|azure|alibaba|digitalocean|heroku|linode|scalingo|flyio|doppler|hashicorp|vault|databricks|snowflake)-/, 'critical'],
  [/^(github|gitlab|bitbucket|gitea)-/, 'critical'],
  [/^(npm|pypi|rubygems|nuget|clojars|artifactory|jfrog|shopify)-/, 'critical'],
  [/^(stripe|square|squarespace|plaid|paypal|braintree|coinbase|kucoin|flutterwave|gocardless)-/, 'critical'],
];

export function gitleaksSeverity(ruleId: string): Severity {
  for (const [pattern, severity] of GITLEAKS_SEVERITY) if (pattern.test(ruleId)) return severity;
  return 'high';
}

/** The commit range a git-mode scan covers: the PR's commits, or a push's new commits (gitleaks-action's choice). */
export function gitLogOpts(event: EventInfo): string | undefined {
  if (event.pullRequest) return `--no-merges --first-parent ${event.pullRequest.baseSha}..${event.pullRequest.headSha}`;
  if (event.push && !/^0+$/.test(event.push.before)) return `--no-merges --first-parent ${event.push.before}..${event.push.after}`;
  return undefined;
}

export function buildGitleaksArgs(
  mode: 'dir' | 'git',
  reportFile: string,
  settings: GitleaksSettings,
  configPath: string | undefined,
  logOpts: string | undefined,
): string[] {
  const args = [mode, '.', '--report-format', 'json', '--report-path', reportFile, '--redact', '--no-banner', '--exit-code', '0', '--log-level', 'warn'];
  if (configPath) args.push('--config', configPath);
  if (mode === 'git' && logOpts) args.push(`--log-opts=${logOpts}`);
  return args;
}

function settings(read: InputReader): GitleaksSettings {
  return { mode: choice(read, 'gitleaks-mode', GITLEAKS_MODES, 'auto'), config: text(read, 'gitleaks-config') };
}

/** auto: scan the PR's (or push's) commits when the workspace is a git checkout, else the files in the tree. */
export function chooseMode(s: GitleaksSettings, event: EventInfo, isGitCheckout: boolean): 'dir' | 'git' {
  if (s.mode !== 'auto') return s.mode;
  return isGitCheckout && gitLogOpts(event) !== undefined ? 'git' : 'dir';
}

async function run(ctx: ScanContext<GitleaksSettings>) {
  const version = await readVersion(ctx, ['version'], /v?(\d+\.\d+\.\d+\S*)/);
  const mode = chooseMode(ctx.settings, ctx.event, existsSync(join(ctx.workspace, '.git')));
  const file = join(ctx.tempDir, 'gitleaks.json');
  const config = ctx.settings.config ? join(ctx.workspace, ctx.settings.config) : undefined;
  const args = buildGitleaksArgs(mode, file, ctx.settings, config, gitLogOpts(ctx.event));
  // git mode reads history of the whole checkout, so it runs at the workspace and reports repo-relative paths.
  const runCtx = mode === 'git' ? { ...ctx, scanRoot: ctx.workspace } : ctx;
  ctx.logger.info(`gitleaks: scanning ${mode === 'git' ? `commits ${gitLogOpts(ctx.event)}` : 'the files in the tree'}`);
  await execScanner(runCtx, 'gitleaks', args, { expectFile: file });
  const output: RawOutput = mode === 'git' ? { file, relativeTo: 'workspace', format: 'git' } : { file, format: 'dir' };
  return { outputs: [output], version };
}

interface GitleaksFinding {
  RuleID: string; Description?: string; StartLine?: number; EndLine?: number; StartColumn?: number; EndColumn?: number;
  File: string; Commit?: string; Date?: string; Tags?: string[]; Entropy?: number; Link?: string;
}

export function parseGitleaks(text: string): ParsedOutput {
  let raw: unknown;
  try {
    raw = JSON.parse(text.trim() === '' ? '[]' : text);
  } catch (e) {
    throw new ScannerError('gitleaks', `output is not valid JSON (${(e as Error).message}); expected \`--report-format json\` output.`);
  }
  if (!Array.isArray(raw)) throw new ScannerError('gitleaks', 'output is not a JSON array of findings (`--report-format json`).');
  const findings = (raw as GitleaksFinding[]).map((g, i): RawFinding => {
    if (typeof g?.RuleID !== 'string' || typeof g.File !== 'string') {
      throw new ScannerError('gitleaks', `finding #${i + 1} has no RuleID or File; is this Gitleaks JSON output?`);
    }
    const severity = gitleaksSeverity(g.RuleID);
    const properties: Record<string, string | number | string[]> = {};
    if (g.Commit) properties.commit = g.Commit;
    if (g.Date) properties.date = g.Date;
    if (g.Tags?.length) properties.tags = [...g.Tags];
    if (typeof g.Entropy === 'number' && g.Entropy > 0) properties.entropy = Math.round(g.Entropy * 100) / 100;
    // Secret and Match are never read: the value stays in the scanner's (already redacted) output.
    const f: RawFinding = {
      kind: 'secret',
      ruleId: g.RuleID,
      title: g.Description?.trim() || `Secret matching rule ${g.RuleID}`,
      severity,
      location: { path: g.File.replace(/\\/g, '/').replace(/^\.\//, '') },
      remediation: SECRET_REMEDIATION,
      secret: { redacted: '********' },
      properties,
      source: { scanner: 'gitleaks', ruleId: g.RuleID, severity: `assigned:${severity}` },
    };
    if (g.StartLine) f.location.startLine = g.StartLine;
    if (g.EndLine) f.location.endLine = g.EndLine;
    if (g.StartColumn) f.location.startColumn = g.StartColumn;
    if (g.EndColumn) f.location.endColumn = g.EndColumn;
    return f;
  });
  return { findings };
}

export const gitleaks: Scanner<GitleaksSettings> = {
  id: 'gitleaks',
  displayName: 'Gitleaks',
  informationUri: 'https://github.com/gitleaks/gitleaks',
  binary: {
    name: 'gitleaks',
    pathInput: 'gitleaks-path',
    installHint: "install Gitleaks on the runner or set input 'gitleaks-path' to its binary",
  },
  settings,
  run,
  parse: (text) => parseGitleaks(text),
};
