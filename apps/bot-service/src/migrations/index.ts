import { BotSchema1734000000000 } from './1734000000000-bot-schema';
import { GroupChats1735200000200 } from './1735200000200-group-chats';
import { ProcessedEventsAgeIndex1735200000201 } from './1735200000201-processed-events-age-index';

/** In order; a migration once released is never edited, only followed by a new one. */
export const BOT_MIGRATIONS = [
  BotSchema1734000000000,
  // security: private chats only, pruned dedupe table
  GroupChats1735200000200,
  ProcessedEventsAgeIndex1735200000201,
];
