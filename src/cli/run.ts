/**
 * `security-scan …`: parse the flags (options.ts), scan (scan.ts) with a progress display (progress.ts), print the
 * report in --format (render.ts) and return the gate's exit code: 0 PROCEED, 1 BLOCK, 2 configuration error.
 */
import { CommanderError } from 'commander';
import { ConfigurationError, errorMessage } from '../errors.js';
import { consoleLogger, type Logger } from '../logger.js';
import { SCANNERS } from '../scanners/registry.js';
import { parseArgs } from './options.js';
import { liveProgress, lineProgress, type Progress } from './progress.js';
import { plain, renderFormat } from './render.js';
import { cliScan } from './scan.js';

export const EXIT = { proceed: 0, block: 1, configuration: 2 } as const;

export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const errLine = (line: string) => io.stderr.write(`${line}\n`);
  let opts;
  try {
    opts = parseArgs(argv, SCANNERS, io.env, io.stdout.isTTY === true, { writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT.configuration; // --help / --version: 0
    throw e;
  }
  const live = opts.progress && io.stderr.isTTY === true && io.stdout.isTTY === true;
  const progress: Progress | undefined = !opts.progress ? undefined : live ? liveProgress(io.stderr) : lineProgress(errLine);
  // While the live display draws, log lines would tear it: they are held and printed after it.
  const held: string[] = [];
  const base = consoleLogger({ debug: io.env['RUNNER_DEBUG'] === '1', write: (l) => (drawing ? held.push(l) : errLine(l)) });
  let drawing = false;
  const logger: Logger = { ...base, info: (m) => base.info(plain(m)), warning: (m) => base.warning(plain(m)), error: (m) => base.error(plain(m)) };
  try {
    const { report, files } = await cliScan({
      read: (name) => opts.inputs.get(name) ?? '',
      workspace: opts.workspace,
      env: io.env,
      logger,
      onSettings: (settings) => {
        drawing = live;
        progress?.begin(settings.scan.scanners.map((id) => SCANNERS.find((s) => s.id === id)!).map((s) => ({ id: s.id, displayName: s.displayName })));
      },
      ...(progress ? { onProgress: (e) => progress.event(e) } : {}),
    }).finally(async () => {
      await progress?.end();
      drawing = false;
      for (const l of held.splice(0)) errLine(l);
    });
    const out = await renderFormat(opts.format, report, files, opts.color);
    if ('text' in out) io.stdout.write(out.text);
    else errLine(`security-scan: --format ${opts.format}: ${out.missing}; the other reports are in ${files.outputDir}.`);
    if (opts.format !== 'table') errLine(`security-scan: ${report.gate.decision} (${report.total} finding(s), fail-on ${report.gate.failOn}); reports in ${files.outputDir}`);
    return report.gate.decision === 'BLOCK' ? EXIT.block : EXIT.proceed;
  } catch (e) {
    if (e instanceof ConfigurationError) {
      errLine(`Configuration error: ${plain(errorMessage(e)).replace(/ {2,}/g, ' ')}`);
      errLine('(run security-scan --help to see every flag)');
      return EXIT.configuration;
    }
    // Never fail open: anything unexpected blocks.
    errLine(`security-scan failed: ${plain(errorMessage(e))}`);
    return EXIT.block;
  }
}
