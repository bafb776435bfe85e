/**
 * Keeps a SARIF run inside GitHub's per-run limits: the most severe results stay, the rest are counted.
 * Pure: a new run object is returned, the input is not modified.
 */
import { LEFT_OUT_PROPERTY, TOTAL_PROPERTY, type SarifLimits } from './limits.js';

/** The parts of SARIF 2.1.0 this module reads; everything else is carried through untouched. */
export interface SarifRule {
  id?: string;
  defaultConfiguration?: { level?: string };
  properties?: Record<string, unknown> & { tags?: unknown; 'security-severity'?: unknown };
  [k: string]: unknown;
}
export interface SarifResult {
  ruleId?: string;
  ruleIndex?: number;
  rule?: { id?: string; index?: number; [k: string]: unknown };
  level?: string;
  locations?: unknown[];
  [k: string]: unknown;
}
export interface SarifRun {
  tool: { driver: { name?: string; rules?: SarifRule[]; [k: string]: unknown }; [k: string]: unknown };
  results?: SarifResult[];
  automationDetails?: { id?: string; [k: string]: unknown };
  properties?: Record<string, unknown>;
  [k: string]: unknown;
}
export interface SarifLog {
  $schema?: string;
  version?: string;
  runs: SarifRun[];
  [k: string]: unknown;
}

const LEVEL_RANK: Record<string, number> = { error: 3, warning: 2, note: 1, none: 0 };

/** Index of the rule a result points at (ruleIndex first, then ruleId), or -1. */
export function ruleIndexOf(result: SarifResult, rules: readonly SarifRule[], byId: ReadonlyMap<string, number>): number {
  const index = result.ruleIndex ?? result.rule?.index;
  if (typeof index === 'number' && index >= 0 && index < rules.length) return index;
  const id = result.ruleId ?? result.rule?.id;
  return id !== undefined ? (byId.get(id) ?? -1) : -1;
}

function rulesById(rules: readonly SarifRule[]): Map<string, number> {
  const m = new Map<string, number>();
  rules.forEach((r, i) => {
    if (typeof r.id === 'string' && !m.has(r.id)) m.set(r.id, i);
  });
  return m;
}

function securitySeverity(rule: SarifRule | undefined): number {
  const raw = rule?.properties?.['security-severity'];
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number.parseFloat(raw) : Number.NaN;
  return Number.isFinite(n) ? n : -1;
}

function levelRank(result: SarifResult, rule: SarifRule | undefined): number {
  const level = result.level ?? rule?.defaultConfiguration?.level ?? 'warning';
  return LEVEL_RANK[level] ?? 2;
}

/**
 * Indices of the results ordered most severe first: the rule's `security-severity` (higher first), then the
 * result's level (error > warning > note > none), then the original position.
 */
export function severityOrder(run: SarifRun): number[] {
  const rules = run.tool.driver.rules ?? [];
  const byId = rulesById(rules);
  const results = run.results ?? [];
  const keys = results.map((r, i) => {
    const rule = rules[ruleIndexOf(r, rules, byId)];
    return { i, score: securitySeverity(rule), level: levelRank(r, rule) };
  });
  keys.sort((a, b) => b.score - a.score || b.level - a.level || a.i - b.i);
  return keys.map((k) => k.i);
}

export interface TrimmedRun {
  run: SarifRun;
  /** Results in the input run. */
  total: number;
  /** Results dropped (0 when nothing was). */
  leftOut: number;
  /** Rules dropped because no kept result referenced them. */
  rulesDropped: number;
}

/**
 * Keeps the `keep` most severe results (in their original order), drops rules no kept result references
 * (re-pointing `ruleIndex`), and records the left-out count in `properties`. With keep ≥ the result count the run
 * comes back unchanged (same object) unless `dropUnusedRules` asks for the rule clean-up alone.
 */
export function keepMostSevere(run: SarifRun, keep: number, options: { dropUnusedRules?: boolean } = {}): TrimmedRun {
  const results = run.results ?? [];
  const total = results.length;
  if (keep >= total && !options.dropUnusedRules) return { run, total, leftOut: 0, rulesDropped: 0 };

  const kept = severityOrder(run)
    .slice(0, Math.max(0, keep))
    .sort((a, b) => a - b)
    .map((i) => results[i] as SarifResult);

  const rules = run.tool.driver.rules ?? [];
  const byId = rulesById(rules);
  const used = new Set<number>();
  for (const r of kept) {
    const i = ruleIndexOf(r, rules, byId);
    if (i >= 0) used.add(i);
  }
  const newIndex = new Map<number, number>();
  const newRules: SarifRule[] = [];
  rules.forEach((rule, i) => {
    if (used.has(i)) {
      newIndex.set(i, newRules.length);
      newRules.push(rule);
    }
  });
  const remapped = kept.map((r) => remapRuleIndex(r, rules, byId, newIndex));

  const leftOut = total - kept.length;
  return {
    run: {
      ...run,
      tool: { ...run.tool, driver: { ...run.tool.driver, ...(run.tool.driver.rules ? { rules: newRules } : {}) } },
      ...(run.results ? { results: remapped } : {}),
      ...(leftOut > 0 ? { properties: { ...run.properties, [LEFT_OUT_PROPERTY]: leftOut, [TOTAL_PROPERTY]: total } } : {}),
    },
    total,
    leftOut,
    rulesDropped: rules.length - newRules.length,
  };
}

function remapRuleIndex(
  r: SarifResult,
  rules: readonly SarifRule[],
  byId: ReadonlyMap<string, number>,
  newIndex: ReadonlyMap<number, number>,
): SarifResult {
  const hasIndex = typeof r.ruleIndex === 'number' || typeof r.rule?.index === 'number';
  if (!hasIndex) return r;
  const to = newIndex.get(ruleIndexOf(r, rules, byId));
  const out: SarifResult = { ...r };
  if (typeof r.ruleIndex === 'number') {
    if (to === undefined) delete out.ruleIndex;
    else out.ruleIndex = to;
  }
  if (r.rule && typeof r.rule.index === 'number') {
    const rule = { ...r.rule };
    if (to === undefined) delete rule.index;
    else rule.index = to;
    out.rule = rule;
  }
  return out;
}

/**
 * Clamps what GitHub would reject outright, rather than trim: locations per result and tags per rule.
 * Returns the same object when nothing exceeded a limit.
 */
export function clampRunLimits(run: SarifRun, limits: Pick<SarifLimits, 'maxLocationsPerResult' | 'maxTagsPerRule'>): SarifRun {
  const results = run.results ?? [];
  const rules = run.tool.driver.rules ?? [];
  const tooManyLocations = results.some((r) => (r.locations?.length ?? 0) > limits.maxLocationsPerResult);
  const tooManyTags = rules.some((r) => Array.isArray(r.properties?.tags) && r.properties.tags.length > limits.maxTagsPerRule);
  if (!tooManyLocations && !tooManyTags) return run;
  return {
    ...run,
    tool: {
      ...run.tool,
      driver: {
        ...run.tool.driver,
        ...(run.tool.driver.rules
          ? {
              rules: rules.map((rule) =>
                Array.isArray(rule.properties?.tags) && rule.properties.tags.length > limits.maxTagsPerRule
                  ? { ...rule, properties: { ...rule.properties, tags: rule.properties.tags.slice(0, limits.maxTagsPerRule) } }
                  : rule,
              ),
            }
          : {}),
      },
    },
    ...(run.results
      ? {
          results: results.map((r) =>
            (r.locations?.length ?? 0) > limits.maxLocationsPerResult
              ? { ...r, locations: r.locations?.slice(0, limits.maxLocationsPerResult) }
              : r,
          ),
        }
      : {}),
  };
}
