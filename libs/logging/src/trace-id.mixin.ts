import { currentTraceId } from '@app/telemetry';

/** pino mixin: the trace a log line belongs to, when the request or message being handled is traced. */
export function traceIdMixin(): { trace_id?: string } {
  const traceId = currentTraceId();
  return traceId ? { trace_id: traceId } : {};
}
