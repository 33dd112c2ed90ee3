import { TicketSchema1732600000000 } from './1732600000000-ticket-schema';
import { SearchPerMessage1735000000000 } from './1735000000000-search-per-message';

/** In order; a migration once released is never edited, only followed by a new one. */
export const TICKET_MIGRATIONS = [TicketSchema1732600000000, SearchPerMessage1735000000000];
