import { Chat } from './delivery/chat.entity';
import { OutboundMessage } from './delivery/outbound-message.entity';
import { InboundUpdate } from './intake/inbound-update.entity';

/** Every TypeORM entity of schema `bot`, listed explicitly (the build bundles them; no globs). */
export const BOT_ENTITIES: (new () => unknown)[] = [InboundUpdate, Chat, OutboundMessage];
