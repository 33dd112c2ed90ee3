import { BotSchema1734000000000 } from './1734000000000-bot-schema';
// reliability (issue 13)
import { SetAsideUpdates1735100000000 } from './1735100000000-set-aside-updates';

/** In order; a migration once released is never edited, only followed by a new one. */
export const BOT_MIGRATIONS = [BotSchema1734000000000, SetAsideUpdates1735100000000];
