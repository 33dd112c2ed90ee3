import { BotSchema1734000000000 } from './1734000000000-bot-schema';

/** In order; a migration once released is never edited, only followed by a new one. */
export const BOT_MIGRATIONS = [BotSchema1734000000000];
