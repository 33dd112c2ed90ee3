import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { SpanKind, Tracer, context, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import { ServiceMetrics } from './service-metrics';
import { contextFrom, tracerOf } from './tracing';

/** Requests that matched no route share one label value, so probing random paths adds no series. */
const UNMATCHED = 'unmatched';

/**
 * Every HTTP request: a server span (continuing an incoming `traceparent`) and one observation of
 * `desk_http_request_duration_seconds` labelled with the route template Express matched (`/tickets/:id`),
 * never the raw path.
 */
@Injectable()
export class HttpTelemetryMiddleware implements NestMiddleware {
  private readonly tracer: Tracer;

  constructor(@Inject(ServiceMetrics) private readonly metrics: ServiceMetrics) {
    this.tracer = tracerOf(metrics.service);
  }

  use(req: Request, res: Response, next: NextFunction): void {
    const end = this.metrics.httpRequests.startTimer();
    const parent = contextFrom(req.headers as Record<string, unknown>);
    const span = this.tracer.startSpan(
      `${req.method}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method } },
      parent,
    );
    // 'close' rather than 'finish': a request the client gave up on is counted (and its span ended) too
    res.once('close', () => {
      const template = req.route?.path as string | undefined;
      // a catch-all (this middleware's own, Nest's 404 handler) is no route
      const route = template && !template.includes('{*') ? `${req.baseUrl}${template}` : UNMATCHED;
      end({ method: req.method, route, status: String(res.statusCode) });
      if (!span.isRecording()) return;
      span.updateName(`${req.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': res.statusCode });
      span.end();
    });
    // Sampled or not, the span is the context of the request's work: not sampled, nothing after it traces.
    context.with(trace.setSpan(parent, span), next);
  }
}
