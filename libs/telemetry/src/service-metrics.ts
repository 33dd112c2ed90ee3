import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Seconds: from a fast RPC round trip (~2 ms) to a request near its deadline. */
const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * One service's Prometheus registry, with the metrics every service has (HTTP, RPC, events) and the
 * process metrics. A registry per service, not prom-client's global one, so that tests may run several
 * services in one process. Label values are always bounded: route templates, patterns, event names, codes.
 */
export class ServiceMetrics {
  readonly registry = new Registry();

  readonly httpRequests: Histogram<'method' | 'route' | 'status'>;
  readonly rpcClient: Histogram<'pattern' | 'outcome'>;
  readonly rpcServer: Histogram<'pattern' | 'outcome'>;
  readonly eventsHandled: Histogram<'event' | 'outcome'>;
  readonly eventsDeadLettered: Counter<'event' | 'reason'>;

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.httpRequests = this.histogram(
      'desk_http_request_duration_seconds',
      'HTTP requests by route template, method and status',
      ['method', 'route', 'status'],
    );
    this.rpcClient = this.histogram(
      'desk_rpc_client_duration_seconds',
      'RPC calls made, by pattern and outcome (ok, an error code, timeout)',
      ['pattern', 'outcome'],
    );
    this.rpcServer = this.histogram(
      'desk_rpc_server_duration_seconds',
      'RPC requests handled, by pattern and outcome (ok, an error code, or expired: dropped past the caller’s deadline)',
      ['pattern', 'outcome'],
    );
    this.eventsHandled = this.histogram(
      'desk_event_handling_duration_seconds',
      'Events consumed, by name and outcome (ok, retried, dead_lettered)',
      ['event', 'outcome'],
    );
    this.eventsDeadLettered = new Counter({
      name: 'desk_events_dead_lettered_total',
      help: 'Events this service sent to the dead-letter queue (malformed, or failing at the delivery limit)',
      labelNames: ['event', 'reason'],
      registers: [this.registry],
    });
  }

  /** Times `work` into `histogram` with the labels it resolves to, also when it throws. */
  async time<L extends string, T>(
    histogram: Histogram<L>,
    labelsOf: (result: { value?: T; error?: unknown }) => Record<L, string>,
    work: () => Promise<T>,
  ): Promise<T> {
    const end = histogram.startTimer();
    try {
      const value = await work();
      end(labelsOf({ value }));
      return value;
    } catch (error) {
      end(labelsOf({ error }));
      throw error;
    }
  }

  private histogram<L extends string>(name: string, help: string, labelNames: L[]): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets: LATENCY_BUCKETS, registers: [this.registry] });
  }
}
