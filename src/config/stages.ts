import { z } from 'zod';
import { bool, splitList } from './fields.js';

/**
 * `scheduling: staged`: the stages in order. Each stage's scanners run together (up to `concurrency` at once); a
 * stage starts when the one before it has finished. After a blocking stage, when the stage's own results block the
 * gate (its findings reach fail-on, or one of its scanners failed with failure-policy block), the later stages are
 * not run: their scanners are reported `skipped`, and the gate blocks.
 */
export interface Stage {
  /** As given, or `stage N` (1-based) for a stage without a name. */
  readonly name: string;
  readonly scanners: readonly string[];
  readonly blocking: boolean;
}

const FORM = "use stages separated by ';' or new lines, each an optional 'name:' and comma-separated scanners, with '!' after the last scanner of a blocking stage, e.g. 'secrets: gitleaks!; iac: checkov; images: trivy, snyk'";
const LIST_FORM = 'use a list of stages such as [{ name: secrets, scanners: [gitleaks], blocking: true }, { scanners: trivy,checkov }]';
const ID = /^[a-z0-9][a-z0-9_-]*$/;
const NAME = /^[^:;,!\n]+$/;

type Ctx = z.RefinementCtx;
const problem = (ctx: Ctx, message: string) => ctx.addIssue({ code: 'custom', message });

interface Draft {
  name?: string;
  scanners: string[];
  blocking: boolean;
  /** How the problems name it: `stage 2`, or `stage 'secrets'`. */
  label: string;
}

/** One stage of the input form: `[name:] a, b, c[!]`. */
function parseStageText(text: string, n: number, ctx: Ctx): Draft | undefined {
  const colon = text.indexOf(':');
  const name = colon >= 0 ? text.slice(0, colon).trim() : undefined;
  let body = colon >= 0 ? text.slice(colon + 1).trim() : text;
  const label = name ? `stage '${name}'` : `stage ${n}`;
  if (name !== undefined && !NAME.test(name)) {
    problem(ctx, `has ${name === '' ? `an empty name before ':' in '${text}'` : `stage name '${name}'`}; a name is text without ':', ';', ',' or '!'. ${FORM}.`);
    return undefined;
  }
  const blocking = body.endsWith('!');
  if (blocking) body = body.slice(0, -1).trim();
  const ids = body
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  if (ids.length === 0) {
    problem(ctx, `has ${label} with no scanners ('${text}'); ${FORM}.`);
    return undefined;
  }
  const bangs = ids.filter((id) => id.includes('!'));
  if (bangs.length > 0) {
    problem(ctx, `has '!' inside ${label} ('${text}'); '!' marks the whole stage blocking and goes after its last scanner, e.g. 'secrets: gitleaks, trivy!'.`);
    return undefined;
  }
  const bad = ids.filter((id) => !ID.test(id));
  if (bad.length > 0) {
    problem(ctx, `has ${bad.map((b) => `'${b}'`).join(', ')} in ${label}, which ${bad.length > 1 ? 'are not scanner ids' : 'is not a scanner id'}; ${FORM}.`);
    return undefined;
  }
  return { ...(name !== undefined ? { name } : {}), scanners: ids, blocking, label };
}

/** One stage of the config-file form: `{ name?, scanners: [..] | "a,b", blocking? }`. */
function parseStageObject(value: unknown, n: number, ctx: Ctx): Draft | undefined {
  if (typeof value === 'string') return parseStageText(value, n, ctx);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problem(ctx, `has stage ${n} ${JSON.stringify(value)}, which is not a stage; ${LIST_FORM}.`);
    return undefined;
  }
  const o = value as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !['name', 'scanners', 'blocking'].includes(k));
  if (unknown.length > 0) {
    problem(ctx, `has stage ${n} with ${unknown.map((k) => `'${k}'`).join(', ')}, which nothing reads; a stage has 'name', 'scanners' and 'blocking'.`);
    return undefined;
  }
  let name: string | undefined;
  if (o['name'] !== undefined) {
    name = typeof o['name'] === 'string' ? o['name'].trim() : undefined;
    if (name === undefined || !NAME.test(name)) {
      problem(ctx, `has stage ${n} with name ${JSON.stringify(o['name'])}; a name is text without ':', ';', ',' or '!'.`);
      return undefined;
    }
  }
  const label = name ? `stage '${name}'` : `stage ${n}`;
  const ids = splitList(o['scanners'])?.map((s) => s.toLowerCase());
  if (!ids || ids.length === 0) {
    problem(ctx, `has ${label} ${ids ? 'with no scanners' : `with scanners ${JSON.stringify(o['scanners'])}`}; give 'scanners' as a list of scanner ids or 'a,b'.`);
    return undefined;
  }
  const bad = ids.filter((id) => !ID.test(id));
  if (bad.length > 0) {
    problem(ctx, `has ${bad.map((b) => `'${b}'`).join(', ')} in ${label}, which ${bad.length > 1 ? 'are not scanner ids' : 'is not a scanner id'}.`);
    return undefined;
  }
  let blocking = false;
  if (o['blocking'] !== undefined) {
    const r = bool().safeParse(o['blocking']);
    if (!r.success) {
      problem(ctx, `has ${label} with blocking ${JSON.stringify(o['blocking'])}; use true or false.`);
      return undefined;
    }
    blocking = r.data;
  }
  return { ...(name !== undefined ? { name } : {}), scanners: ids, blocking, label };
}

/**
 * The `stages` setting: an input string (`secrets: gitleaks!; iac: checkov; images: trivy, snyk`, stages separated
 * by ';' or new lines) or a config-file list of `{ name?, scanners, blocking? }`. Empty means no stages. A scanner
 * may appear in one stage only, and names are unique; whether the scanners are selected is checked with the other
 * settings (config/settings.ts).
 */
export function stagesField() {
  return z.unknown().transform((v, ctx): Stage[] => {
    let drafts: (Draft | undefined)[];
    if (v === undefined || v === null) return [];
    if (typeof v === 'string') {
      drafts = v
        .split(/[;\n]/)
        .map((s) => s.trim())
        .filter((s) => s !== '')
        .map((s, i) => parseStageText(s, i + 1, ctx));
    } else if (Array.isArray(v)) {
      drafts = v.map((s, i) => parseStageObject(s, i + 1, ctx));
    } else {
      problem(ctx, `is ${JSON.stringify(v)}; ${FORM}, or in the config file ${LIST_FORM}.`);
      return z.NEVER;
    }
    if (drafts.some((d) => d === undefined)) return z.NEVER;
    const stages = drafts as Draft[];
    const where = new Map<string, string>();
    const twice: string[] = [];
    for (const s of stages) {
      for (const id of s.scanners) {
        const first = where.get(id);
        if (first === undefined) where.set(id, s.label);
        else twice.push(`'${id}' (${first === s.label ? `twice in ${s.label}` : `in ${first} and ${s.label}`})`);
      }
    }
    if (twice.length > 0) problem(ctx, `lists ${twice.join(', ')}; each scanner runs in one stage only: remove the other mention.`);
    const names = stages.map((s, i) => s.name ?? `stage ${i + 1}`);
    const dup = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
    if (dup.length > 0) problem(ctx, `has the stage name${dup.length > 1 ? 's' : ''} ${dup.map((d) => `'${d}'`).join(', ')} more than once; give each stage its own name.`);
    if (twice.length > 0 || dup.length > 0) return z.NEVER;
    return stages.map((s, i) => ({ name: names[i]!, scanners: [...s.scanners], blocking: s.blocking }));
  });
}
