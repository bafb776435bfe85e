/**
 * Generates valid SARIF 2.1.0 runs for upload tests (GitHub's required fields: rule id / shortDescription /
 * fullDescription / help, result message / location / primaryLocationLineHash). Deterministic: a seeded PRNG
 * makes the "incompressible" text, so the same call gives the same bytes.
 */
import type { SarifLog, SarifRun } from '../../src/github/sarif-trim.js';

export interface RunSpec {
  tool: string;
  /** automationDetails.id; default `security-scan/<tool>/` */
  category?: string;
  results: number;
  /** Distinct rules; result i uses rule i % rules. */
  rules?: number;
  /** Characters of pseudo-random base64 text appended to each message (compresses ~25 % at best). */
  noiseChars?: number;
  seed?: number;
}

/** security-severity of rule r: spreads over 0.5–9.9 so every severity band appears. */
export function ruleSeverity(r: number): number {
  return Math.round((0.5 + ((r * 37) % 95) / 10) * 10) / 10;
}

const LEVELS = ['error', 'warning', 'note'] as const;

export function levelFor(severity: number): string {
  return severity >= 7 ? LEVELS[0] : severity >= 4 ? LEVELS[1] : LEVELS[2];
}

function prng(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/** `chars` characters of base64 from the PRNG (random bytes → base64: ~6 bits of entropy per character). */
export function noise(next: () => number, chars: number): string {
  const bytes = Buffer.allocUnsafe(Math.ceil((chars * 3) / 4) + 4);
  for (let i = 0; i + 4 <= bytes.length; i += 4) bytes.writeUInt32LE(next(), i);
  return bytes.toString('base64').slice(0, chars);
}

export function makeRun(spec: RunSpec): SarifRun {
  const ruleCount = spec.rules ?? 50;
  const next = prng(spec.seed ?? 1);
  const rules = Array.from({ length: ruleCount }, (_, r) => {
    const sev = ruleSeverity(r);
    return {
      id: `${spec.tool.toUpperCase()}-${String(r).padStart(5, '0')}`,
      name: `Rule${r}`,
      shortDescription: { text: `Rule ${r} of ${spec.tool}` },
      fullDescription: { text: `Rule ${r} of ${spec.tool}: a generated check for upload tests.` },
      help: { text: `Fix the thing rule ${r} reports.`, markdown: `Fix the thing rule ${r} reports.` },
      defaultConfiguration: { level: levelFor(sev) },
      properties: { 'security-severity': sev.toFixed(1), tags: ['security'] },
    };
  });
  const results = Array.from({ length: spec.results }, (_, i) => {
    const r = i % ruleCount;
    const text = `Finding ${i} of ${spec.tool}` + (spec.noiseChars ? ` ${noise(next, spec.noiseChars)}` : '');
    return {
      ruleId: rules[r]!.id,
      ruleIndex: r,
      level: levelFor(ruleSeverity(r)),
      message: { text },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: `src/file${i % 97}.ts`, uriBaseId: '%SRCROOT%' },
            region: { startLine: (i % 500) + 1 },
          },
        },
      ],
      partialFingerprints: { primaryLocationLineHash: `${i.toString(16).padStart(16, '0')}:1` },
    };
  });
  return {
    tool: { driver: { name: spec.tool, informationUri: 'https://example.invalid/tool', version: '1.0.0', rules } },
    automationDetails: { id: spec.category ?? `security-scan/${spec.tool}/` },
    results,
  };
}

export function makeLog(runs: SarifRun[]): SarifLog {
  return { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs };
}
