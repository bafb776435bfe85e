/** The logging surface every stage receives; main.ts backs it with @actions/core, the CLI with the console, tests with an array. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  /** Runs `fn` inside a collapsible log group (plain start/end lines outside Actions). */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

type Level = 'debug' | 'info' | 'warning' | 'error';

export interface RecordedLogger extends Logger {
  lines: { level: Level | 'group'; message: string }[];
}

export function recordingLogger(): RecordedLogger {
  const lines: RecordedLogger['lines'] = [];
  const at = (level: Level) => (message: string) => void lines.push({ level, message });
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warning: at('warning'),
    error: at('error'),
    group: async (name, fn) => {
      lines.push({ level: 'group', message: name });
      return await fn();
    },
  };
}

/** For a terminal or another CI: one line per message on stderr/stdout; debug only when asked. */
export function consoleLogger(options: { debug?: boolean; write?: (line: string) => void } = {}): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  return {
    debug: (m) => (options.debug ? write(`debug: ${m}`) : undefined),
    info: (m) => write(m),
    warning: (m) => write(`warning: ${m}`),
    error: (m) => write(`error: ${m}`),
    group: async (name, fn) => {
      write(`── ${name}`);
      return await fn();
    },
  };
}
