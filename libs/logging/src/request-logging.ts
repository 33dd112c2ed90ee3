import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Level, Logger } from 'pino';
import { CORRELATION_HEADER, inLogContext } from './correlation';

/** Express and Fastify's middleware layer both keep the path as requested here. */
type RawRequest = IncomingMessage & { originalUrl?: string };

const ACCEPTABLE_ID = /^[\w.-]{1,128}$/;

/**
 * Every HTTP request: a correlation id (taken from `x-correlation-id` when it is a sane one, else new; echoed
 * on the response), a log context that stamps it on every line the request's work logs, and one completion
 * line (`request completed`, or `request errored` for a 5xx, `request aborted` when the client left first) at
 * info, warn for a 4xx, error for a 5xx, with the status and the time taken. Routes under `quiet` (health
 * probes) get no completion line. Written for Node's own request and response, so it serves Express and
 * Fastify alike; it replaces pino-http, which made two child loggers per request even where its line was
 * below the log level.
 */
export function requestLogging(root: Logger, quiet: (url: string) => boolean) {
  return (req: RawRequest, res: ServerResponse, next: () => void): void => {
    const incoming = req.headers[CORRELATION_HEADER];
    const id = typeof incoming === 'string' && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader(CORRELATION_HEADER, id);
    const request = { id, method: req.method, url: req.originalUrl ?? req.url ?? '' };
    if (!quiet(request.url)) {
      const started = Date.now();
      res.once('close', () => logCompletion(root, request, res, Date.now() - started));
    }
    inLogContext(id, { req: request }, next);
  };
}

function logCompletion(root: Logger, req: object, res: ServerResponse, responseTime: number): void {
  const { statusCode } = res;
  const [level, message]: [Level, string] = !res.writableFinished
    ? ['warn', 'request aborted']
    : statusCode >= 500
      ? ['error', 'request errored']
      : statusCode >= 400
        ? ['warn', 'request completed']
        : ['info', 'request completed'];
  if (!root.isLevelEnabled(level)) return;
  root[level]({ req, res: { statusCode }, responseTime }, message);
}
