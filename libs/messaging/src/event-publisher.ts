import { Injectable } from '@nestjs/common';
import { EventName, EventPayloads } from '@app/contracts';
import { RabbitConnection } from './rabbit-connection';
import { EVENTS_EXCHANGE } from './topology';

/**
 * Publishes an event to the topic exchange and resolves only when the broker has confirmed it.
 * The body is the Nest transport's packet (`{pattern, data}`) so Nest consumers dispatch it by name.
 * Producers call it from their outbox relay, never directly from a transaction.
 */
@Injectable()
export class EventPublisher {
  constructor(private readonly rabbit: RabbitConnection) {}

  async publish<E extends EventName>(name: E, payload: EventPayloads[E]): Promise<void> {
    await this.publishRaw(name, payload as unknown as { eventId: string });
  }

  /** `headers`: AMQP headers to send along, e.g. the trace context. */
  async publishRaw(
    name: string,
    payload: { eventId: string; sequence?: number },
    headers?: Record<string, unknown>,
  ): Promise<void> {
    const body = Buffer.from(JSON.stringify({ pattern: name, data: payload }));
    await this.rabbit.channel.publish(EVENTS_EXCHANGE, name, body, {
      persistent: true,
      contentType: 'application/json',
      messageId: payload.eventId,
      timestamp: Math.floor(Date.now() / 1000),
      headers,
    });
  }
}
