import { OutboxAndInbox1732600000000 } from './1732600000000-outbox-and-inbox';
import { ClientsTicketsMessages1732700000000 } from './1732700000000-clients-tickets-messages';
import { SatisfactionAndSla1735800000000 } from './1735800000000-satisfaction-and-sla';

/** In order; a migration once released is never edited, only followed by a new one. */
export const TICKET_MIGRATIONS = [OutboxAndInbox1732600000000, ClientsTicketsMessages1732700000000,
  // satisfaction and reports
  SatisfactionAndSla1735800000000,
];
