import { BotSchema1734000000000 } from './1734000000000-bot-schema';
import { FinishedDownloadsAgeIndex1736400000000 } from './1736400000000-finished-downloads-age-index';

/** In order; a migration once released is never edited, only followed by a new one. */
export const BOT_MIGRATIONS = [
  BotSchema1734000000000,
  // media (issue 15): finished downloads pruned by age
  FinishedDownloadsAgeIndex1736400000000,
];
