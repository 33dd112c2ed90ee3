import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { ServiceMetrics } from '@app/telemetry';
import type { StreamEndReason } from './event-stream';
import { LiveFeed } from './live-feed';

/**
 * The consoles connected to this replica's live events: the open streams (read from the feed's listeners
 * at scrape, so it cannot drift from what is really open) and why streams ended. Many `too_slow` endings
 * mean consoles on slow links or a gateway short of CPU; `feed_interrupted` follows a RabbitMQ reconnect.
 */
@Injectable()
export class EventStreamMetrics {
  private readonly ended: Counter<'reason'>;

  constructor(@Inject(ServiceMetrics) metrics: ServiceMetrics, feed: LiveFeed) {
    new Gauge({
      name: 'desk_event_streams_open',
      help: 'Live-event streams (GET /events) open on this replica: consoles connected now',
      registers: [metrics.registry],
      collect() {
        this.set(feed.listenerCount);
      },
    });
    this.ended = new Counter({
      name: 'desk_event_streams_ended_total',
      help: 'Live-event streams ended, by reason (client_left, too_slow, token_expired, employee_deactivated, feed_interrupted, shutting_down)',
      labelNames: ['reason'],
      registers: [metrics.registry],
    });
  }

  streamEnded(reason: StreamEndReason): void {
    this.ended.inc({ reason });
  }
}
