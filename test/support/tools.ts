/**
 * Tests that need a tool this machine may lack (the npm scanner builds, Node 24, the Multitool, dist/index.js):
 * on a contributor's machine they skip, saying why; with CI set they run and fail, so CI never passes by skipping.
 *
 *   const gate = toolGate(missingScanners(['trivy']), 'the e2e tests');
 *   describe.skipIf(gate.skip)('…', () => { beforeAll(gate.assertAvailable); … });
 */
export interface ToolGate {
  skip: boolean;
  reason: string | undefined;
  assertAvailable: () => void;
}

export function toolGate(missing: string | readonly string[] | undefined, what: string): ToolGate {
  const list = missing === undefined ? [] : typeof missing === 'string' ? [missing] : [...missing];
  const reason = list.length > 0 ? list.join('; ') : undefined;
  const ci = Boolean(process.env['CI']);
  if (reason && !ci) console.warn(`[skipped] ${what}: ${reason}`);
  return {
    skip: reason !== undefined && !ci,
    reason,
    assertAvailable: () => {
      if (reason) throw new Error(`${what} cannot run: ${reason}. CI is set, so they must run, not skip (run \`npm ci\` and \`npm run build\` on linux-x64).`);
    },
  };
}
