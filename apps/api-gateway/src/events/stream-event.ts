import { EventName, Events, LiveEventPayloads, TicketCreatedEvent } from '@app/contracts';

/** One Server-Sent Event as an employee's console receives it: a name and the JSON it carries. */
export interface StreamEvent {
  event: string;
  data: unknown;
}

/** A StreamEvent serialized once, however many streams it goes to. */
export interface SerializedEvent {
  event: string;
  json: string;
}

/** The bus events GET /events streams; the gateway's own queue binds exactly these. */
export const STREAMED_EVENTS = [
  Events.TicketCreated,
  Events.TicketUpdated,
  Events.MessageCreated,
  Events.MessageDeliveryUpdated,
] as const;

/** Sent just before the gateway ends a stream, with why; the console then reconnects and re-reads. */
export const STREAM_CLOSED_EVENT = 'stream.closed';
export const STREAM_CLOSE_REASONS = [
  'too_slow',
  'token_expired',
  'employee_deactivated',
  'feed_interrupted',
  'shutting_down',
] as const;
export type StreamCloseReason = (typeof STREAM_CLOSE_REASONS)[number];

/**
 * What a console sees of a bus event: the REST API's views (as GET would answer), without the envelope or
 * Telegram's internals. Anything else on the bus is not for consoles.
 */
export function toStreamEvent(name: string, payload: unknown): StreamEvent | null {
  switch (name as EventName) {
    case Events.TicketCreated: {
      const { ticketId, clientId } = payload as TicketCreatedEvent;
      return { event: name, data: { ticketId, clientId } };
    }
    case Events.TicketUpdated:
      return { event: name, data: (payload as LiveEventPayloads['ticket.updated']).ticket };
    case Events.MessageCreated:
      return { event: name, data: (payload as LiveEventPayloads['message.created']).message };
    case Events.MessageDeliveryUpdated: {
      const { ticketId, messageId, deliveryStatus, deliveryError } =
        payload as LiveEventPayloads['message.delivery_updated'];
      return { event: name, data: { ticketId, messageId, deliveryStatus, deliveryError } };
    }
    default:
      return null;
  }
}
