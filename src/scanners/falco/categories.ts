/**
 * What a Falco rule's tags say about an event: its category (the four the `falco-rules-enabled` input selects) and
 * the rule's maturity (which the `falco-sensitivity` input filters on).
 *
 * Category table. Tags are compared lower-cased; a tag matches a key when it equals it or starts with `<key>-`
 * (so the plugins' `TA0005-defense-evasion` matches `ta0005`). The categories are tried in this order and the
 * first with a matching tag wins, so an event tagged both `container` and `mitre_privilege_escalation` is a
 * privilege escalation:
 *
 *   privilege_escalation  mitre_privilege_escalation, privilege_escalation, ta0004, t1068, t1548, t1611,
 *                         abuse-elevation-control-mechanism
 *   data_exfiltration     mitre_exfiltration, exfiltration, ta0010, mitre_credential_access, ta0006,
 *                         mitre_collection, ta0009  (in CI, credential theft is what exfiltration is after)
 *   network_anomaly       network, mitre_command_and_control, ta0011, mitre_lateral_movement, ta0008,
 *                         mitre_discovery, ta0007
 *   malicious_behavior    mitre_execution, ta0002, mitre_persistence, ta0003, mitre_defense_evasion, ta0005,
 *                         mitre_impact, ta0040, mitre_initial_access, ta0001, container, shell, process,
 *                         filesystem, malware, cryptomining
 *
 * An event whose tags match none (or that has no tags: legacy JSON output, k8s audit rules tagged only `k8s`)
 * falls back to malicious_behavior — every Falco rule describes suspicious behaviour — and is marked
 * `categoryFrom: 'default'` so the report can tell.
 */
export const FALCO_CATEGORIES = ['malicious_behavior', 'network_anomaly', 'privilege_escalation', 'data_exfiltration'] as const;
export type FalcoCategory = (typeof FALCO_CATEGORIES)[number];

export const CATEGORY_TAGS: readonly { category: FalcoCategory; tags: readonly string[] }[] = [
  {
    category: 'privilege_escalation',
    tags: ['mitre_privilege_escalation', 'privilege_escalation', 'ta0004', 't1068', 't1548', 't1611', 'abuse-elevation-control-mechanism'],
  },
  {
    category: 'data_exfiltration',
    tags: ['mitre_exfiltration', 'exfiltration', 'ta0010', 'mitre_credential_access', 'ta0006', 'mitre_collection', 'ta0009'],
  },
  {
    category: 'network_anomaly',
    tags: ['network', 'mitre_command_and_control', 'ta0011', 'mitre_lateral_movement', 'ta0008', 'mitre_discovery', 'ta0007'],
  },
  {
    category: 'malicious_behavior',
    tags: [
      'mitre_execution', 'ta0002', 'mitre_persistence', 'ta0003', 'mitre_defense_evasion', 'ta0005', 'mitre_impact', 'ta0040',
      'mitre_initial_access', 'ta0001', 'container', 'shell', 'process', 'filesystem', 'malware', 'cryptomining',
    ],
  },
];

export const DEFAULT_CATEGORY: FalcoCategory = 'malicious_behavior';

function tagMatches(tag: string, key: string): boolean {
  return tag === key || tag.startsWith(`${key}-`);
}

export function categorize(tags: readonly string[]): { category: FalcoCategory; from: 'tags' | 'default' } {
  const lower = tags.map((t) => t.trim().toLowerCase());
  for (const row of CATEGORY_TAGS) {
    if (lower.some((t) => row.tags.some((k) => tagMatches(t, k)))) return { category: row.category, from: 'tags' };
  }
  return { category: DEFAULT_CATEGORY, from: 'default' };
}

/**
 * Rule maturity, from the `maturity_*` tag the falcosecurity/rules ruleset puts first on every rule
 * (proposals/20230605-rules-adoption-management-maturity-framework.md). Rules without one (custom rules, plugin
 * rules, legacy output without tags) count as `stable`: the user chose to load them.
 */
export const FALCO_MATURITIES = ['stable', 'incubating', 'sandbox', 'deprecated'] as const;
export type FalcoMaturity = (typeof FALCO_MATURITIES)[number];

export function maturity(tags: readonly string[]): FalcoMaturity {
  for (const t of tags) {
    const m = /^maturity_(stable|incubating|sandbox|deprecated)$/i.exec(t.trim());
    if (m) return m[1]!.toLowerCase() as FalcoMaturity;
  }
  return 'stable';
}
