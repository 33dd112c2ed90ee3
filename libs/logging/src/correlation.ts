import { randomUUID } from 'node:crypto';
import { PinoLogger } from 'nestjs-pino';
import { Store, storage } from 'nestjs-pino/storage';

export const CORRELATION_HEADER = 'x-correlation-id';

/** The correlation id of the request or message being handled, if any. */
export function currentCorrelationId(): string | undefined {
  const bindings = storage.getStore()?.logger.bindings();
  return (bindings?.correlationId as string | undefined) ?? (bindings?.req as { id?: string } | undefined)?.id;
}

/** Runs `work` so that every log line it writes carries the correlation id. */
export function withCorrelationId<T>(correlationId: string | undefined, work: () => T): T {
  const id = correlationId ?? randomUUID();
  const parent = storage.getStore()?.logger ?? PinoLogger.root;
  if (!parent) return work();
  return storage.run(new Store(parent.child({ correlationId: id })), work);
}
