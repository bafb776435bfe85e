// `npm run scan`: runs the built action (dist/index.js) on the bundled example project with the real Trivy and
// Gitleaks from the dev dependencies, then prints the job summary and the outputs.
// Options: --fail-on <level> (default high), --keep (leave the example in ./example).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeExampleTree } from './example-tree.mjs';
import { localScanners, missingScanners } from './local-scanners.mjs';
import { runAction } from './run-action.mjs';

const args = process.argv.slice(2);
const failOn = args.includes('--fail-on') ? args[args.indexOf('--fail-on') + 1] : 'high';
const missing = missingScanners(['trivy', 'gitleaks']);
if (missing.length) {
  console.error(`Cannot run the example: ${missing.join('; ')}.`);
  process.exit(2);
}
const workspace = mkdtempSync(join(tmpdir(), 'security-scan-example-'));
writeExampleTree(workspace);
console.log(`Example project written to ${workspace}; running dist/index.js …\n`);
const r = runAction({
  workspace,
  inputs: {
    scanners: 'trivy,gitleaks',
    'trivy-scanners': 'misconfig,secret', // no vulnerability DB can be downloaded offline
    'trivy-skip-check-update': 'true',
    'fail-on': failOn,
    'trivy-path': localScanners.trivy,
    'gitleaks-path': localScanners.gitleaks,
    'upload-sarif': 'false',
    comment: 'never',
  },
});
process.stdout.write(r.summary);
console.log('\nOutputs:', JSON.stringify(r.outputs, null, 2));
const failed = r.stdout.split('\n').filter((l) => l.startsWith('::error'));
if (failed.length) console.log(`\n${failed.join('\n')}`);
console.log(`\nReports: ${join(workspace, 'security-reports')}  (step exit code ${r.status})`);
if (!args.includes('--keep')) rmSync(workspace, { recursive: true, force: true });
