import fs from 'node:fs';
import path from 'node:path';
import { redactor } from './redactor';

// One logger for the main process. Every line passes through the redactor
// before it reaches a file or stderr. Arguments are formatted here so that an
// Error's message (which may quote a provider response) is redacted too.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

// Values are redacted before JSON.stringify (a secret with `"` or `\\` would no
// longer match once escaped), and the whole line once more after, for the patterns.
function format(level: LogLevel, scope: string, msg: string, data?: Record<string, unknown>): string {
  const extra = data ? ' ' + JSON.stringify(redactor.redactValue(data)) : '';
  return redactor.redact(
    `${new Date().toISOString()} ${level.toUpperCase()} [${scope}] ${redactor.redact(msg)}${extra}`,
  );
}

export interface LogSink {
  write(line: string): void;
}

export class FileSink implements LogSink {
  private readonly fd: number;
  constructor(file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // 0600 at creation; a log left by an older build with a wider mode is narrowed (issue 13).
    this.fd = fs.openSync(file, 'a', 0o600);
    try {
      fs.fchmodSync(this.fd, 0o600);
    } catch {
      // A filesystem without modes (Windows).
    }
  }
  write(line: string): void {
    fs.writeSync(this.fd, line + '\n');
  }
}

export const stderrSink: LogSink = { write: (line) => process.stderr.write(line + '\n') };

export function createLogger(sinks: LogSink[], scope = 'omnio', minLevel: LogLevel = 'info'): Logger {
  const order: LogLevel[] = ['debug', 'info', 'warn', 'error'];
  const emit = (level: LogLevel, msg: string, data?: Record<string, unknown>) => {
    if (order.indexOf(level) < order.indexOf(minLevel)) return;
    const line = format(level, scope, msg, data);
    for (const s of sinks) s.write(line);
  };
  return {
    debug: (m, d) => emit('debug', m, d),
    info: (m, d) => emit('info', m, d),
    warn: (m, d) => emit('warn', m, d),
    error: (m, d) => emit('error', m, d),
    child: (s) => createLogger(sinks, `${scope}:${s}`, minLevel),
  };
}

/** A logger that keeps lines in memory: for tests that scan what would have been logged. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger([{ write: (l) => lines.push(l) }], 'omnio', 'debug');
  return Object.assign(logger, { lines });
}
