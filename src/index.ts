import { run } from './main.js';
import { abandonedCacheCalls } from './github/actions-cache.js';

await run();
// A cache call given up on (its service stalled) may still hold a socket: it must not keep the job running. Exit
// once stdout has taken everything written to it (a pipe's writes are asynchronous; the verdict is the last line).
if (abandonedCacheCalls() > 0) process.stdout.write('', () => process.exit());
