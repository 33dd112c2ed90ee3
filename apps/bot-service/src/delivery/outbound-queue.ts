import { Injectable } from '@nestjs/common';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import { DataSource, EntityManager } from 'typeorm';
import type { OutboundFileMethod } from '@app/contracts';
import { claimEvent } from '@app/database';
import { currentTraceCarrier } from '@app/telemetry';
import { BOT_SCHEMA } from '../config';
import { OutboundMessage } from './outbound-message.entity';
import { TelegramSender } from './telegram-sender';

export interface OutboundText {
  chatId: number;
  text: string;
  /** a message of ticket-service's timeline (an employee's reply, or a notice): its delivery is reported back */
  reply?: { ticketId: number; messageId: number };
  /** for an event: when its cause happened and the producer's sequence, which order a chat's messages */
  cause?: { occurredAt: string; sequence?: number };
  /** an employee's file, by reference to ticket-service's file store; `text` is then its caption */
  file?: { fileId: string; fileName: string; size: number; chunkCount: number; method: OutboundFileMethod };
  /** inline buttons under the text */
  buttons?: InlineKeyboardMarkup;
}

/** Where everything the bot says is queued, durably, before TelegramSender delivers it. */
@Injectable()
export class OutboundQueue {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sender: TelegramSender,
  ) {}

  /** Queues a text in the caller's transaction; call `wakeSender()` after it commits. */
  async add(manager: EntityManager, { chatId, text, reply, cause, file, buttons }: OutboundText): Promise<void> {
    await manager.query(`INSERT INTO bot.chats (chat_id) VALUES ($1) ON CONFLICT DO NOTHING`, [chatId]);
    await manager.insert(OutboundMessage, {
      chatId,
      text,
      ticketId: reply?.ticketId ?? null,
      messageId: reply?.messageId ?? null,
      traceContext: currentTraceCarrier(),
      replyMarkup: buttons ?? null,
      ...(cause ? { occurredAt: new Date(cause.occurredAt), sourceSequence: cause.sequence ?? 0 } : {}),
      ...(file
        ? {
            fileId: file.fileId,
            fileName: file.fileName,
            fileSize: file.size,
            fileChunks: file.chunkCount,
            fileMethod: file.method,
          }
        : {}),
    });
  }

  /** Queues what an event asks to send (in order, if several), once per event id (a redelivered event adds nothing). */
  async addForEvent(eventId: string, outbound: OutboundText | OutboundText[]): Promise<void> {
    const added = await this.dataSource.transaction(async (manager) => {
      if (!(await claimEvent(manager, BOT_SCHEMA, eventId))) return false;
      for (const text of Array.isArray(outbound) ? outbound : [outbound]) await this.add(manager, text);
      return true;
    });
    if (added) this.wakeSender();
  }

  wakeSender(): void {
    this.sender.wake();
  }
}
