import { OutboundMessage } from './delivery/outbound-message.entity';

/**
 * Every TypeORM entity of schema `bot`, listed explicitly (the build bundles them; no globs). The other
 * tables (inbound_updates, chats, …) are only read and written by SQL, so they have no entity.
 */
export const BOT_ENTITIES: (new () => unknown)[] = [OutboundMessage];
