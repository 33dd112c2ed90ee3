import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { Store, storage } from 'nestjs-pino/storage';

export const CORRELATION_HEADER = 'x-correlation-id';

/**
 * The log context of one request or message (nestjs-pino's store, which its Logger reads), whose child logger is
 * made on first use. Most requests and messages log nothing of their own, and making a pino child for each (its
 * bindings serialised at once) was a few per cent of the gateway's CPU under the list (bench/README.md).
 */
class LazyLogStore {
  private made?: Logger;
  /** nestjs-pino's `assign()` also updates a response logger; there is none here */
  readonly responseLogger = undefined;

  constructor(
    private readonly parent: Logger,
    private readonly bindings: Record<string, unknown>,
    readonly correlationId: string,
  ) {}

  get logger(): Logger {
    return (this.made ??= this.parent.child(this.bindings));
  }

  /** `assign()` replaces it with a child carrying more fields */
  set logger(logger: Logger) {
    this.made = logger;
  }
}

/** The service's root logger, for a context begun outside any request or message; set by LoggingModule. */
let rootLogger: Logger | undefined;

export function setRootLogger(logger: Logger): void {
  rootLogger = logger;
}

/**
 * Runs `work` in a log context of its own: every line it logs carries `bindings` (a child of the current
 * context's logger), and `currentCorrelationId()` answers `correlationId`.
 */
export function inLogContext<T>(correlationId: string, bindings: Record<string, unknown>, work: () => T): T {
  const parent = storage.getStore()?.logger ?? rootLogger;
  if (!parent) return work();
  return storage.run(new LazyLogStore(parent, bindings, correlationId) as unknown as Store, work);
}

/** The correlation id of the request or message being handled, if any. */
export function currentCorrelationId(): string | undefined {
  const store = storage.getStore() as (Store & { correlationId?: string }) | undefined;
  return store?.correlationId;
}

/** Runs `work` so that every log line it writes carries the correlation id. */
export function withCorrelationId<T>(correlationId: string | undefined, work: () => T): T {
  const id = correlationId ?? randomUUID();
  return inLogContext(id, { correlationId: id }, work);
}
