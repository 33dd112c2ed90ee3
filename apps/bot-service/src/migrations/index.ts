import { OutboxAndInbox1732600000000 } from './1732600000000-outbox-and-inbox';
import { TelegramInboxAndDeliveries1733000000000 } from './1733000000000-telegram-inbox-and-deliveries';
import { OutboundOrder1733200000000 } from './1733200000000-outbound-order';
import { UnforwardedUpdatesIndex1733300000000 } from './1733300000000-unforwarded-updates-index';
import { GlobalSendLog1733400000000 } from './1733400000000-global-send-log';
import { OutboundQueueIndex1733500000000 } from './1733500000000-outbound-queue-index';
import { SurveyTapsAndButtons1735800000001 } from './1735800000001-survey-taps-and-buttons';

/** In order; a migration once released is never edited, only followed by a new one. */
export const BOT_MIGRATIONS = [OutboxAndInbox1732600000000, TelegramInboxAndDeliveries1733000000000, OutboundOrder1733200000000, UnforwardedUpdatesIndex1733300000000, GlobalSendLog1733400000000, OutboundQueueIndex1733500000000,
  // satisfaction survey
  SurveyTapsAndButtons1735800000001,
];
