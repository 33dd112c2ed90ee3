import { OutboxAndInbox1732600000000 } from './1732600000000-outbox-and-inbox';
import { ClientsTicketsMessages1732700000000 } from './1732700000000-clients-tickets-messages';
import { AgentWork1735500000000 } from './1735500000000-agent-work';

/** In order; a migration once released is never edited, only followed by a new one. */
export const TICKET_MIGRATIONS = [
  OutboxAndInbox1732600000000,
  ClientsTicketsMessages1732700000000,
  AgentWork1735500000000,
];
