import amqplib, { ChannelModel } from 'amqplib';
import { EventName, EventPayloads, ServiceName } from '@app/contracts';
import { eventQueue } from '@app/messaging';
import { eventually } from './eventually';

export interface PublishedEvent<E extends EventName = EventName> {
  pattern: E;
  data: EventPayloads[E];
}

/**
 * What a subscribing service would receive: consumes its real events queue (by default bot-service's,
 * declared by the producer's topology) and keeps every event, in arrival order.
 */
export class EventTap {
  readonly events: PublishedEvent[] = [];

  private constructor(private readonly connection: ChannelModel) {}

  static async open(rabbitUrl: string, service: ServiceName = ServiceName.BotService): Promise<EventTap> {
    const connection = await amqplib.connect(rabbitUrl);
    const tap = new EventTap(connection);
    const channel = await connection.createChannel();
    await channel.consume(eventQueue(service), (message) => {
      if (!message) return;
      tap.events.push(JSON.parse(message.content.toString()) as PublishedEvent);
      channel.ack(message);
    });
    return tap;
  }

  of<E extends EventName>(pattern: E, ticketId?: number): EventPayloads[E][] {
    return this.events
      .filter((event): event is PublishedEvent<E> => event.pattern === pattern)
      .map((event) => event.data)
      .filter((data) => ticketId === undefined || (data as { ticketId: number }).ticketId === ticketId);
  }

  /** Polls until `count` events of that name (for that ticket) have arrived; returns them. */
  async waitFor<E extends EventName>(pattern: E, { ticketId, count = 1 }: { ticketId?: number; count?: number } = {}) {
    return eventually(() => this.of(pattern, ticketId).length >= count && this.of(pattern, ticketId), {
      message: `${count} × ${pattern}${ticketId ? ` for ticket #${ticketId}` : ''}`,
    });
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
