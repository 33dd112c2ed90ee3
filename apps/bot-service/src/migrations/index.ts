import { OutboxAndInbox1732600000000 } from './1732600000000-outbox-and-inbox';

/** In order; a migration once released is never edited, only followed by a new one. */
export const BOT_MIGRATIONS = [OutboxAndInbox1732600000000];
