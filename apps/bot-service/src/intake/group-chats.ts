import { Injectable, Logger } from '@nestjs/common';
import type { Chat, User } from 'telegraf/types';
import { DataSource } from 'typeorm';
import { OutboundQueue } from '../delivery/outbound-queue';
import { languageOf } from '../texts/client-texts';

const WRITE_IN_PRIVATE = {
  ru: 'Я отвечаю только в личных сообщениях: напишите мне в личный чат, чтобы обратиться в поддержку.',
  en: 'I only answer in private messages: write to me in a private chat to contact support.',
} as const;

/**
 * The desk serves private chats only. A group's message never reaches a ticket: a client writing
 * `/start@bot` in a group would otherwise move their chat id there (and replies to their private ticket
 * would follow), and anonymous group admins all share one sender id. The group is told once, politely,
 * to write in private; everything else from it is dropped (and confirmed to Telegram, so it is not resent).
 */
@Injectable()
export class GroupChats {
  private readonly logger = new Logger(GroupChats.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbound: OutboundQueue,
  ) {}

  async turnAway(chat: Chat, from: User | undefined): Promise<void> {
    const told = await this.dataSource.transaction(async (manager) => {
      const first: unknown[] = await manager.query(
        `INSERT INTO bot.group_chats (chat_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING chat_id`,
        [chat.id],
      );
      if (first.length === 0) return false;
      // channels cannot be written to; groups and supergroups can
      if (chat.type !== 'channel') {
        await this.outbound.add(manager, { chatId: chat.id, text: WRITE_IN_PRIVATE[languageOf(from?.language_code)] });
      }
      return true;
    });
    if (told) this.outbound.wakeSender();
    this.logger.log({ chatId: chat.id, chatType: chat.type, told }, 'Message outside a private chat ignored');
  }
}
