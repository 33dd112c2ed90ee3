import type { Ticket } from '../api/types';

/** A ticket as the API sends it, open and untouched since 10:00, for the console's specs; `change` overrides. */
export function ticketFixture(id: number, change: Partial<Ticket> = {}): Ticket {
  return {
    id,
    status: 'open',
    client: {
      id: id + 100,
      telegramId: id + 1000,
      username: null,
      firstName: `Client ${id}`,
      lastName: null,
      languageCode: 'ru',
    },
    assigneeId: null,
    createdAt: '2026-01-01T10:00:00.000Z',
    updatedAt: '2026-01-01T10:00:00.000Z',
    closedAt: null,
    lastMessageAt: null,
    lastMessagePreview: null,
    priority: 'normal',
    tags: [],
    awaitingReply: false,
    waitingSince: null,
    previousTicketId: null,
    firstResponseAt: null,
    firstResponseDueAt: null,
    resolutionDueAt: null,
    slaBreached: false,
    satisfaction: null,
    ...change,
  };
}
