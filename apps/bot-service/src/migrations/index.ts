import { BotSchema1734000000000 } from './1734000000000-bot-schema';
// operators (issue 18): trace context in the outbox and in queued work
import { OutboxTraceContext1735600000000 } from './1735600000000-outbox-trace-context';
import { QueuedWorkTraceContext1735600000001 } from './1735600000001-queued-work-trace-context';
import { GroupChats1735200000200 } from './1735200000200-group-chats';
import { ProcessedEventsAgeIndex1735200000201 } from './1735200000201-processed-events-age-index';

/** In order; a migration once released is never edited, only followed by a new one. */
export const BOT_MIGRATIONS = [
  BotSchema1734000000000,
  // operators (issue 18)
  OutboxTraceContext1735600000000,
  QueuedWorkTraceContext1735600000001,
  // security: private chats only, pruned dedupe table
  GroupChats1735200000200,
  ProcessedEventsAgeIndex1735200000201,
];
