import { LogLevel, Logger } from '@nestjs/common';
import { TEST_LOG_LEVEL } from '@app/testing';

/** Pino's levels (LOG_LEVEL) as the Nest levels they let through. */
const NEST_LEVELS: Record<string, LogLevel[]> = {
  silent: [],
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  trace: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

// Nest's console logger speaks before a service has its own (migrations at start): it follows TEST_LOG_LEVEL too.
Logger.overrideLogger(NEST_LEVELS[TEST_LOG_LEVEL] ?? NEST_LEVELS.warn);
