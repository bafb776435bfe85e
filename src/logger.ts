/** The logging surface every stage receives; main.ts backs it with @actions/core, tests with an array. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

export interface RecordedLogger extends Logger {
  lines: { level: keyof Logger; message: string }[];
}

export function recordingLogger(): RecordedLogger {
  const lines: RecordedLogger['lines'] = [];
  const at = (level: keyof Logger) => (message: string) => void lines.push({ level, message });
  return { lines, debug: at('debug'), info: at('info'), warning: at('warning'), error: at('error') };
}
