import type { Severity } from '../../findings/model.js';

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
