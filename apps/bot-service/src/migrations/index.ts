import { BotSchema1734000000000 } from './1734000000000-bot-schema';
// media (issue 15)
import { Media1735400000000 } from './1735400000000-media';

/** In order; a migration once released is never edited, only followed by a new one. */
export const BOT_MIGRATIONS = [
  BotSchema1734000000000,
  // media (issue 15)
  Media1735400000000,
];
