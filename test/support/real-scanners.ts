/**
 * Gate for the tests that run the scanners `npm run setup:scanners` built (test/real/): locally they skip, saying
 * why; with CI set they run and fail on the missing scanner, so CI never passes by skipping them.
 *
 *   const gate = realScannerGate(['gitleaks']);
 *   describe.skipIf(gate.skip)('…', () => { beforeAll(gate.assertAvailable); … });
 */
import { realScannerSkipReason, realScanners, realScannerVersions } from '../../scripts/local-scanners.mjs';

export type RealScanner = keyof typeof realScanners;

export interface RealScannerGate {
  /** True when the tests should skip: a scanner is missing and CI is not set. */
  skip: boolean;
  /** Why a scanner cannot run, or undefined. */
  reason: string | undefined;
  /** Throws (failing the suite) when a scanner is missing; call it in beforeAll. */
  assertAvailable: () => void;
}

export function realScannerGate(names: RealScanner[], what = names.join(', ')): RealScannerGate {
  const reason = realScannerSkipReason(names);
  const ci = Boolean(process.env.CI);
  if (reason && !ci) console.warn(`[real scanners] skipped tests with real ${what}: ${reason}`);
  return {
    skip: Boolean(reason) && !ci,
    reason,
    assertAvailable: () => {
      if (reason) throw new Error(`${reason}. CI is set, so the real-scanner tests must run: run \`npm run setup:scanners\` first.`);
    },
  };
}

/** The version setup:scanners built, with the pinned one and the note when they differ (for test titles and logs). */
export function builtVersion(name: RealScanner): { version: string; requested: string; source: string; note?: string } | undefined {
  return realScannerVersions()?.scanners?.[name];
}

export { realScanners };
