import { run } from './main.js';
import { abandonedCacheCalls } from './scanners/trivy/db-cache.js';

await run();
// A cache call given up on (its service stalled) may still hold a socket: it must not keep the job running.
if (abandonedCacheCalls() > 0) process.exit();
