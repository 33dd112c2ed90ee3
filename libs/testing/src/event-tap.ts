import amqplib, { ChannelModel } from 'amqplib';
import { EventName, EventPayloads, ServiceName } from '@app/contracts';
import { EVENTS_EXCHANGE, eventQueue } from '@app/messaging';
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

  /**
   * What a gateway's live feed receives: a queue of its own (exclusive, gone with the connection) bound to
   * these events on the exchange.
   */
  static async subscribe(rabbitUrl: string, events: readonly EventName[]): Promise<EventTap> {
    const connection = await amqplib.connect(rabbitUrl);
    const tap = new EventTap(connection);
    const channel = await connection.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    for (const event of events) await channel.bindQueue(queue, EVENTS_EXCHANGE, event);
    await channel.consume(
      queue,
      (message) => message && tap.events.push(JSON.parse(message.content.toString()) as PublishedEvent),
      {
        noAck: true,
      },
    );
    return tap;
  }

  of<E extends EventName>(pattern: E, ticketId?: number): EventPayloads[E][] {
    return this.events
      .filter((event): event is PublishedEvent<E> => event.pattern === pattern)
      .map((event) => event.data)
      .filter((data) => ticketId === undefined || ticketIdOf(data) === ticketId);
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

/** The ticket an event is about: its `ticketId`, or the id of the ticket or message view it carries. */
function ticketIdOf(data: object): number | undefined {
  const event = data as { ticketId?: number; ticket?: { id: number }; message?: { ticketId: number } };
  return event.ticketId ?? event.ticket?.id ?? event.message?.ticketId;
}
