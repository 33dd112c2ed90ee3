import { OutboxAndInbox1732600000000 } from './1732600000000-outbox-and-inbox';
import { ClientsTicketsMessages1732700000000 } from './1732700000000-clients-tickets-messages';
// operators (issue 18): trace context in the outbox, maintained ticket counts per status
import { OutboxTraceContext1735600000000 } from './1735600000000-outbox-trace-context';
import { TicketStatusCounts1735600000001 } from './1735600000001-ticket-status-counts';

/** In order; a migration once released is never edited, only followed by a new one. */
export const TICKET_MIGRATIONS = [
  OutboxAndInbox1732600000000,
  ClientsTicketsMessages1732700000000,
  // operators (issue 18)
  OutboxTraceContext1735600000000,
  TicketStatusCounts1735600000001,
];
