import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { Context, SpanKind, Tracer, context, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import type { FastifyInstance } from 'fastify';
import { ServiceMetrics } from './service-metrics';
import { contextFrom, tracerOf } from './tracing';

/** Requests that matched no route share one label value, so probing random paths adds no series. */
const UNMATCHED = 'unmatched';

/**
 * One HTTP request observed: a server span (continuing an incoming `traceparent`) and one observation of
 * `desk_http_request_duration_seconds` labelled with the route template that served it (`/tickets/:id`),
 * never the raw path. Returns the context the request's work runs in; `route` is read once the response
 * closes. 'close' rather than 'finish': a request the client gave up on is counted (and its span ended) too.
 */
function observeRequest(
  metrics: ServiceMetrics,
  tracer: Tracer,
  method: string,
  headers: IncomingHttpHeaders,
  res: ServerResponse,
  route: () => string | undefined,
): Context {
  const end = metrics.httpRequests.startTimer();
  const parent = contextFrom(headers as Record<string, unknown>);
  const span = tracer.startSpan(
    method,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } },
    parent,
  );
  res.once('close', () => {
    const matched = route() ?? UNMATCHED;
    end({ method, route: matched, status: String(res.statusCode) });
    if (!span.isRecording()) return;
    span.updateName(`${method} ${matched}`);
    span.setAttributes({ 'http.route': matched, 'http.response.status_code': res.statusCode });
    span.end();
  });
  // Sampled or not, the span is the context of the request's work: not sampled, nothing after it traces.
  return trace.setSpan(parent, span);
}

/** Every request of an Express app (applied by TelemetryModule). */
@Injectable()
export class HttpTelemetryMiddleware implements NestMiddleware {
  private readonly tracer: Tracer;

  constructor(@Inject(ServiceMetrics) private readonly metrics: ServiceMetrics) {
    this.tracer = tracerOf(metrics.service);
  }

  use(req: Request, res: Response, next: NextFunction): void {
    const work = observeRequest(this.metrics, this.tracer, req.method, req.headers, res, () => {
      const template = req.route?.path as string | undefined;
      // a catch-all (this middleware's own, Nest's 404 handler) is no route
      return template && !template.includes('{*') ? `${req.baseUrl}${template}` : undefined;
    });
    context.with(work, next);
  }
}

/**
 * Every request of a Fastify app, as an `onRequest` hook rather than a Nest middleware: Fastify has routed the
 * request by then (its template is `routeOptions.url`, none for a 404), and a hook skips the middleware layer.
 */
export function observeFastifyRequests(instance: FastifyInstance, metrics: ServiceMetrics): void {
  const tracer = tracerOf(metrics.service);
  instance.addHook('onRequest', (request, reply, done) => {
    const work = observeRequest(metrics, tracer, request.method, request.headers, reply.raw, () =>
      request.is404 ? undefined : request.routeOptions.url,
    );
    context.with(work, done);
  });
}
