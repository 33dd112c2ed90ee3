import { OutboxAndInbox1732600000000 } from './1732600000000-outbox-and-inbox';
import { ClientsTicketsMessages1732700000000 } from './1732700000000-clients-tickets-messages';
// media (issue 15)
import { Attachments1735400000000 } from './1735400000000-attachments';

/** In order; a migration once released is never edited, only followed by a new one. */
export const TICKET_MIGRATIONS = [OutboxAndInbox1732600000000, ClientsTicketsMessages1732700000000,
  // media (issue 15)
  Attachments1735400000000,
];
