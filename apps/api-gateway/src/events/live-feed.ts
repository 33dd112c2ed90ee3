import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { Channel, ConsumeMessage } from 'amqplib';
import { ServiceName } from '@app/contracts';
import { EVENTS_EXCHANGE, RabbitConnection } from '@app/messaging';
import { SpanKind, tracedContextFrom, tracerOf } from '@app/telemetry';
import { SerializedEvent, STREAMED_EVENTS, StreamCloseReason, StreamEvent, toStreamEvent } from './stream-event';

const tracer = tracerOf(ServiceName.ApiGateway);

export interface LiveFeedListener {
  deliver(event: SerializedEvent): void;
  /** the feed stops for this listener: it may have missed events (RabbitMQ was lost), or the gateway is stopping */
  end(reason: Extract<StreamCloseReason, 'feed_interrupted' | 'shutting_down'>): void;
}

/**
 * This gateway replica's view of `desk.events`: a queue of its own (exclusive, auto-delete, so every
 * replica sees every event and none is left behind when a replica goes), fanned out to its open streams.
 * The feed is a signal, not a record: events are not acked (a lost one costs a console a re-read), and
 * after a reconnect every stream is ended with `feed_interrupted`, so its console reconnects and re-reads.
 */
@Injectable()
export class LiveFeed implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(LiveFeed.name);
  private readonly listeners = new Set<LiveFeedListener>();
  private channel?: ChannelWrapper;
  private connectedBefore = false;

  constructor(private readonly rabbit: RabbitConnection) {}

  async onModuleInit(): Promise<void> {
    this.channel = this.rabbit.connection.createChannel({
      json: false,
      setup: (channel: Channel) => this.subscribe(channel),
    });
    await this.channel.waitForConnect();
  }

  /** Open streams would keep the HTTP server from closing. */
  beforeApplicationShutdown(): void {
    for (const listener of [...this.listeners]) listener.end('shutting_down');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel?.close().catch(() => undefined);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  listen(listener: LiveFeedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async subscribe(channel: Channel): Promise<void> {
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
    for (const name of STREAMED_EVENTS) await channel.bindQueue(queue, EVENTS_EXCHANGE, name);
    await channel.consume(queue, (message) => message && this.dispatch(message), { noAck: true });
    if (this.connectedBefore) {
      this.logger.warn(
        { listeners: this.listeners.size },
        'Live feed resubscribed after losing RabbitMQ; streams told to re-sync',
      );
      for (const listener of [...this.listeners]) listener.end('feed_interrupted');
    }
    this.connectedBefore = true;
  }

  private dispatch(message: ConsumeMessage): void {
    let event: StreamEvent | null;
    try {
      const packet = JSON.parse(message.content.toString('utf8')) as { pattern?: string; data?: unknown };
      event = toStreamEvent(packet.pattern ?? message.fields.routingKey, packet.data);
    } catch (error) {
      this.logger.warn(
        { err: error, routingKey: message.fields.routingKey },
        'Unreadable event on the live feed; skipped',
      );
      return;
    }
    if (!event) return;
    // In the trace of the change (its context came with the outbox row): a reply's trace reaches the consoles.
    const traced = tracedContextFrom(message.properties.headers);
    const span =
      traced &&
      tracer.startSpan(
        `consume ${message.fields.routingKey}`,
        {
          kind: SpanKind.CONSUMER,
          attributes: { 'messaging.destination.name': message.fields.routingKey, 'desk.streams': this.listeners.size },
        },
        traced,
      );
    const serialized = { event: event.event, json: JSON.stringify(event.data) };
    for (const listener of this.listeners) listener.deliver(serialized);
    span?.end();
  }
}
