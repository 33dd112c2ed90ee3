import { BotSchema1734000000000 } from './1734000000000-bot-schema';
import { SetAsideUpdates1735100000000 } from './1735100000000-set-aside-updates';
import { GroupChats1735200000200 } from './1735200000200-group-chats';
import { ProcessedEventsAgeIndex1735200000201 } from './1735200000201-processed-events-age-index';
import { OutboxTraceContext1735600000000 } from './1735600000000-outbox-trace-context';
import { QueuedWorkTraceContext1735600000001 } from './1735600000001-queued-work-trace-context';
// media (issue 15)
import { Media1735400000000 } from './1735400000000-media';
import { FinishedDownloadsAgeIndex1736400000000 } from './1736400000000-finished-downloads-age-index';
import { SurveyTapsAndButtons1735800000001 } from './1735800000001-survey-taps-and-buttons';
import { InboundRoutesEditAndRate1735800000002 } from './1735800000002-inbound-routes-edit-and-rate';

/** In order; a migration once released is never edited, only followed by a new one. */
export const BOT_MIGRATIONS = [
  BotSchema1734000000000,
  SetAsideUpdates1735100000000,
  GroupChats1735200000200,
  ProcessedEventsAgeIndex1735200000201,
  // media (issue 15)
  Media1735400000000,
  OutboxTraceContext1735600000000,
  QueuedWorkTraceContext1735600000001,
  // satisfaction survey
  SurveyTapsAndButtons1735800000001,
  InboundRoutesEditAndRate1735800000002,
  // media (issue 15): finished downloads pruned
  FinishedDownloadsAgeIndex1736400000000,
];
