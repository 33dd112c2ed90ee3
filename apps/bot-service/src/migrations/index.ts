import { BotSchema1734000000000 } from './1734000000000-bot-schema';
import { SurveyTapsAndButtons1735800000001 } from './1735800000001-survey-taps-and-buttons';

/** In order; a migration once released is never edited, only followed by a new one. */
export const BOT_MIGRATIONS = [
  BotSchema1734000000000,
  // satisfaction survey
  SurveyTapsAndButtons1735800000001,
];
