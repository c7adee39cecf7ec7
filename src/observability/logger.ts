import { hostname } from 'node:os';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config.js';

/**
 * Paths whose values never reach a log line. The gateway logs no headers on purpose, but an
 * error object can carry the request it failed on (got's errors hold their options, headers
 * included), and a future log call may pass headers along: credentials are censored wherever
 * they sit, a few levels deep.
 */
export const REDACTED_PATHS = [
  'authorization',
  'cookie',
  'token',
  'password',
  '*.authorization',
  '*.cookie',
  '*.token',
  '*.password',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  '*.*.headers.authorization',
  '*.*.headers.cookie',
  '*.*.*.headers.authorization',
  '*.*.*.headers.cookie',
];

export interface LoggerOptions {
  level: Config['logLevel'];
  env: Config['env'];
  /** Whether stdout is a terminal: pretty lines only for a person reading them. */
  tty: boolean;
}

/**
 * The process logger: one JSON object per line on stdout, for a log pipeline. In development
 * on a terminal, pino-pretty renders the same records for a person (in a worker thread, so
 * never in production, where it would only cost CPU). Tests pass their own destination.
 */
export function createLogger(options: LoggerOptions, destination?: DestinationStream): Logger {
  const base = {
    level: options.level,
    // pino's default base plus the service, so one pipeline can hold several services' lines.
    base: { service: 'numbers-gateway', pid: process.pid, hostname: hostname() },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  if (destination) return pino(base, destination);
  if (options.env === 'development' && options.tty) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' } },
    });
  }
  return pino(base);
}
