import { BotSchema1734000000000 } from './1734000000000-bot-schema';
// operators (issue 18): trace context in the outbox and in queued work
import { OutboxTraceContext1735600000000 } from './1735600000000-outbox-trace-context';
import { QueuedWorkTraceContext1735600000001 } from './1735600000001-queued-work-trace-context';

/** In order; a migration once released is never edited, only followed by a new one. */
export const BOT_MIGRATIONS = [
  BotSchema1734000000000,
  // operators (issue 18)
  OutboxTraceContext1735600000000,
  QueuedWorkTraceContext1735600000001,
];
