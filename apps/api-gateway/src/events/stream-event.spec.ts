import { randomUUID } from 'node:crypto';
import { Events } from '@app/contracts';
import { toStreamEvent } from './stream-event';

const envelope = { eventId: randomUUID(), occurredAt: '2026-01-01T10:00:00.000Z', sequence: 7 };

describe('what a console sees of a bus event', () => {
  it('carries the views without the envelope', () => {
    const ticket = { id: 4, status: 'open' };
    expect(toStreamEvent(Events.TicketUpdated, { ...envelope, ticket })).toEqual({
      event: 'ticket.updated',
      data: ticket,
    });
    const message = { id: 9, ticketId: 4, text: 'hi' };
    expect(toStreamEvent(Events.MessageCreated, { ...envelope, message })).toEqual({
      event: 'message.created',
      data: message,
    });
    expect(
      toStreamEvent(Events.MessageDeliveryUpdated, {
        ...envelope,
        ticketId: 4,
        messageId: 9,
        deliveryStatus: 'failed',
        deliveryError: 'blocked',
      }),
    ).toEqual({
      event: 'message.delivery_updated',
      data: { ticketId: 4, messageId: 9, deliveryStatus: 'failed', deliveryError: 'blocked' },
    });
  });

  it('leaves Telegram’s internals out of ticket.created', () => {
    const created = { ...envelope, ticketId: 4, clientId: 2, telegramId: 123, chatId: 123, languageCode: 'ru' };
    expect(toStreamEvent(Events.TicketCreated, created)).toEqual({
      event: 'ticket.created',
      data: { ticketId: 4, clientId: 2 },
    });
  });

  it('streams nothing that is not for consoles', () => {
    expect(
      toStreamEvent(Events.MessageOutbound, {
        ...envelope,
        ticketId: 4,
        messageId: 9,
        chatId: 1,
        text: 'x',
        languageCode: null,
      }),
    ).toBeNull();
  });
});
