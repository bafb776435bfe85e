import type { Severity } from '../../findings/model.js';

/**
 * Severity for a failed Checkov check when Checkov itself gives none.
 *
 * Checkov only fills `severity` from the Prisma Cloud platform, i.e. with `--bc-api-key`; without a key the JSON
 * has `"severity": null` (or, in 2.0.x, no `severity` key at all). A gate needs a severity, so we infer one from
 * this table and mark the finding as inferred (`source.severity = "inferred:HIGH"`,
 * `properties.severityInferred = true`). When Checkov does give a severity, it is used unchanged.
 *
 * How the table is read: rows are tried top to bottom and the first row whose `checkId` pattern matches the check id
 * or whose `name` pattern matches the check name wins; no match → `medium`. Patterns look at what the check is
 * about, not at the cloud provider, so the same row covers AWS, Azure, GCP, Kubernetes and Dockerfile checks.
 *
 *   row                 severity  what it covers
 *   secret              high      CKV_SECRET_* (a credential in the tree) and checks about hard-coded secrets
 *   privileged          high      privileged / root / host-namespace containers, privilege escalation
 *   iam-wildcard        high      IAM policies granting `*` actions or resources, admin privileges
 *   public-access       high      resources reachable from the internet: public buckets/DBs, 0.0.0.0/0, SSH/RDP open
 *   encryption          high      encryption at rest / in transit, KMS/CMK, TLS/SSL/HTTPS
 *   logging-monitoring  low       logs, audit trails, flow logs, monitoring, alarms
 *   hygiene             low       descriptions, tags/labels, health checks, EBS optimisation, multi-AZ, backups,
 *                                 versioning, deletion protection, image-tag pinning — resilience and housekeeping
 *   (default)           medium    everything else
 *
 * Order matters: "Ensure CloudTrail logs are encrypted using KMS" is about encryption (high), not logging, so the
 * encryption row comes first. This is a heuristic, deliberately small and documented; it is not Prisma's mapping.
 */
export interface SeverityRow {
  id: string;
  severity: Severity;
  checkId?: RegExp;
  name?: RegExp;
}

export const CHECKOV_SEVERITY_TABLE: readonly SeverityRow[] = [
  { id: 'secret', severity: 'high', checkId: /^CKV_SECRET_/i, name: /\b(hard-?coded|plain ?text) (secret|password|credential|key)|secrets? (are|is) not (exposed|hard)/i },
  { id: 'privileged', severity: 'high', name: /privileged|privilege ?escalation|runs? as (the )?root|root (user|containers?)|host (process|pid|ipc|network)|hostpid|hostipc|hostnetwork|docker (daemon )?socket|capabilit(y|ies) .*(sys_admin|net_raw|all)/i },
  { id: 'iam-wildcard', severity: 'high', name: /(wildcard|\*).*(action|resource|principal|permission)|(action|resource|principal|permission)s?.*(wildcard|\*)|administrative privileges|admin privileges|administrator access|full access/i },
  { id: 'public-access', severity: 'high', name: /public|internet|0\.0\.0\.0|anonymous|unauthenticated|unrestricted|open to the world|all traffic|(port|ports) (22|3389)|\b(ssh|rdp)\b.*(access|open|restricted|allow)/i },
  { id: 'encryption', severity: 'high', name: /encrypt|\bkms\b|\bcmk\b|customer managed key|\btls\b|\bssl\b|https|in transit|at rest/i },
  { id: 'logging-monitoring', severity: 'low', name: /\blog(s|ging|ged)?\b|audit|trail|flow log|monitor|alarm|metric|tracing|x-ray|insights/i },
  { id: 'hygiene', severity: 'low', name: /description|\btags?\b|labels?|health ?check|ebs optimi[sz]ed|multi-?az|backup|snapshot|versioning|deletion protection|retention|non latest version tag|latest tag|image tag|maintenance|auto ?minor/i },
];

export const DEFAULT_INFERRED_SEVERITY: Severity = 'medium';

/** Looks a check up in the table; `row` is the id of the matching row, or 'default'. */
export function inferCheckovSeverity(checkId: string, checkName: string): { severity: Severity; row: string } {
  for (const r of CHECKOV_SEVERITY_TABLE) {
    if ((r.checkId && r.checkId.test(checkId)) || (r.name && r.name.test(checkName))) return { severity: r.severity, row: r.id };
  }
  return { severity: DEFAULT_INFERRED_SEVERITY, row: 'default' };
}
