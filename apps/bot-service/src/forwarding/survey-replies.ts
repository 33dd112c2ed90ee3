import { Injectable, Logger } from '@nestjs/common';
import { InjectBot } from 'nestjs-telegraf';
import { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import { EntityManager } from 'typeorm';
import { InboundBatchItemResult } from '@app/contracts';
import { OutboundQueue } from '../delivery/outbound-queue';
import { textsFor } from '../texts/client-texts';

/** A forwarded update whose result the client should hear about: a survey tap, or a comment on a rating. */
export interface SurveyReply {
  update: Update;
  result: InboundBatchItemResult;
}

/** Telegram forgets a callback query after a while; an answer later than this is pointless. */
const ANSWER_TIMEOUT_MS = 5000;

/**
 * What the client sees after a survey tap or a comment on a rating: a line in the chat, queued in the
 * forwarder's transaction like every message the bot sends, and, for a tap, the answer to the callback query
 * (which stops the button spinning and says whether the rating was taken), sent once that transaction commits.
 */
@Injectable()
export class SurveyReplies {
  private readonly logger = new Logger(SurveyReplies.name);

  constructor(
    private readonly outbound: OutboundQueue,
    @InjectBot() private readonly bot: Telegraf,
  ) {}

  /** The chat lines, in the forwarder's transaction; returns whether any was queued (wake the sender after commit). */
  async queue(manager: EntityManager, replies: SurveyReply[]): Promise<boolean> {
    let queued = false;
    for (const { update, result } of replies) {
      if (result.route === 'rate' && result.outcome === 'rated' && 'callback_query' in update) {
        const tap = update.callback_query;
        const text = textsFor(tap.from.language_code).csatThanks(result.ticketId, result.rating!);
        await this.outbound.add(manager, { chatId: tap.message?.chat.id ?? tap.from.id, text });
        queued = true;
      }
      if (result.route === 'record' && result.csatComment && !result.duplicate && 'message' in update) {
        const text = textsFor(update.message.from?.language_code).csatCommentThanks(result.ticketId);
        await this.outbound.add(manager, { chatId: update.message.chat.id, text });
        queued = true;
      }
    }
    return queued;
  }

  wakeSender(): void {
    this.outbound.wakeSender();
  }

  /** Answers the taps; best effort, since an unanswered query only spins until Telegram gives up on it. */
  async answerTaps(replies: SurveyReply[]): Promise<void> {
    for (const { update, result } of replies) {
      if (result.route !== 'rate' || !('callback_query' in update)) continue;
      const tap = update.callback_query;
      const texts = textsFor(tap.from.language_code);
      const text =
        result.outcome === 'rated'
          ? texts.csatTapTaken(result.ticketId, result.rating!)
          : result.outcome === 'already_rated'
            ? texts.csatAlreadyRated(result.ticketId, result.rating!)
            : texts.csatNotRateable;
      try {
        await this.bot.telegram.callApi(
          'answerCallbackQuery',
          { callback_query_id: tap.id, text },
          {
            signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS) as never,
          },
        );
      } catch (error) {
        this.logger.warn({ err: error, ticketId: result.ticketId }, 'Could not answer a survey tap');
      }
    }
  }
}
