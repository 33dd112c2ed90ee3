import { TicketSchema1732600000000 } from './1732600000000-ticket-schema';
// satisfaction and reports
import { BreachedByDueIndex1736800000000 } from './1736800000000-breached-by-due-index';

/** In order; a migration once released is never edited, only followed by a new one. */
export const TICKET_MIGRATIONS = [
  TicketSchema1732600000000,
  // satisfaction and reports
  BreachedByDueIndex1736800000000,
];
