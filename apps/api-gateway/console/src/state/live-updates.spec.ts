import type { Employee, Message } from '../api/types';
import { applyLiveEvent } from './live-updates';
import { appendPage } from './inbox';
import { ConsoleState, initialState } from './store';
import { ticketFixture } from './ticket-fixture';

const ME = 7;
const at = (minute: number) => `2026-01-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
function message(id: number, ticketId: number, change: Partial<Message> = {}): Message {
  return {
    id,
    ticketId,
    direction: 'inbound',
    employeeId: null,
    kind: 'text',
    text: `text ${id}`,
    fileId: null,
    createdAt: at(1),
    deliveryStatus: null,
    deliveryError: null,
    ...change,
  } as Message;
}

/** Logged in, the inbox showing tickets 2 and 1, ticket 1 open with one message. */
function shown(): ConsoleState {
  const base = initialState('en');
  return {
    ...base,
    session: {
      token: 't',
      expiresAt: Date.now() + 60_000,
      me: { id: ME, name: 'Me' } as Employee,
    },
    inbox: { ...base.inbox, ...appendPage({ rows: [], nextCursor: null }, [ticketFixture(2), ticketFixture(1)], null) },
    ticket: {
      id: 1,
      ticket: ticketFixture(1),
      messages: [message(10, 1)],
      olderCursor: null,
      loading: false,
      error: null,
    },
  };
}

describe('live events applied to what the console shows', () => {
  it('puts a new ticket on top of the inbox', () => {
    const next = applyLiveEvent(shown(), 'ticket.updated', ticketFixture(3, { updatedAt: at(5) }));
    expect(next.inbox.rows.map((row) => row.ticket.id)).toEqual([3, 2, 1]);
  });

  it('updates the open ticket and its row when it changes owner', () => {
    const next = applyLiveEvent(
      shown(),
      'ticket.updated',
      ticketFixture(1, { status: 'in_progress', assigneeId: 5, updatedAt: at(5) }),
    );
    expect(next.ticket?.ticket).toMatchObject({ status: 'in_progress', assigneeId: 5 });
    expect(next.inbox.rows[1].ticket.assigneeId).toBe(5);
  });

  it('adds a message to the open ticket only', () => {
    const state = shown();
    const next = applyLiveEvent(state, 'message.created', message(11, 1));
    expect(next.ticket?.messages.map((m) => m.id)).toEqual([10, 11]);
    expect(applyLiveEvent(state, 'message.created', message(12, 2))).toBe(state);
  });

  it('shows a reply’s delivery result', () => {
    const withReply = applyLiveEvent(
      shown(),
      'message.created',
      message(11, 1, { direction: 'outbound', deliveryStatus: 'pending' }),
    );
    const next = applyLiveEvent(withReply, 'message.delivery_updated', {
      ticketId: 1,
      messageId: 11,
      deliveryStatus: 'failed',
      deliveryError: 'blocked by the user',
    });
    expect(next.ticket?.messages[1]).toMatchObject({ deliveryStatus: 'failed', deliveryError: 'blocked by the user' });
  });

  it('ignores events it does not know', () => {
    const state = shown();
    expect(applyLiveEvent(state, 'ticket.created', { ticketId: 9, clientId: 1 })).toBe(state);
  });
});
