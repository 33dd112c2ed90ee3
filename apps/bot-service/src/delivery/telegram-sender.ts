import { Injectable, Logger } from '@nestjs/common';
import { InjectBot } from 'nestjs-telegraf';
import { Telegraf } from 'telegraf';
import { DataSource, EntityManager } from 'typeorm';
import { Events, OutboundFileMethod, ServiceName } from '@app/contracts';
import { queryPrepared, runPrepared } from '@app/database';
import { addToOutbox } from '@app/messaging';
import { BackgroundWorker, backoff, pause, WorkLoops } from '@app/runtime';
import { SpanKind, TraceCarrier, inSpan, tracedContextFrom, tracerOf } from '@app/telemetry';
import { BOT_SCHEMA, BotServiceConfig } from '../config';
import { BotMetrics } from '../telemetry/bot-metrics';
import { SendFailure, classifySendFailure } from './send-failure';
import { SendPacing, SEND_TIMEOUT_MS } from './send-pacing';
import { splitText } from './split-text';
import { TelegramFileSender, outboundFileOf } from './telegram-file-sender';

const IDLE_POLL_MS = 1000;
const RETRY_BACKOFF = { baseMs: 500, capMs: 30_000 };
/**
 * How long a claimed chat is left to its sender: a send (at most SEND_TIMEOUT_MS) and the record of its
 * outcome. Only if the sender died meanwhile does another take the chat over when it ends.
 */
const CLAIM_LEASE_MS = SEND_TIMEOUT_MS + 5000;
const RECORD_RETRY_BACKOFF = { baseMs: 100, capMs: 1000 };

interface Claimed {
  id: string;
  chat_id: string;
  text: string;
  ticket_id: number | null;
  message_id: number | null;
  parts_sent: number;
  attempts: number;
  trace_context: TraceCarrier | null;
  file_id: string | null;
  file_name: string | null;
  file_chunks: number | null;
  file_method: OutboundFileMethod | null;
  reply_markup: object | null;
}

const tracer = tracerOf(ServiceName.BotService);

/** `telegramMessageId`: the id Telegram gave the (last part of the) message, which a client's reply names */
type SendResult = { kind: 'part-sent' } | { kind: 'delivered'; telegramMessageId?: number } | SendFailure;

/**
 * Each chat's next pending message (one already partly sent first, then by the order its cause happened):
 * one descent of the `outbound_messages_queue` index per chat with pending messages, whose order is exactly
 * this, so the cost follows the chats waiting, not the messages (EXPLAIN, 5,000 pending over 500 chats:
 * 1.6 ms; reading every pending message took 8.1 ms and grew with the backlog squared).
 */
const PENDING_HEADS = `
  WITH RECURSIVE heads AS (
    (SELECT o.id, o.chat_id, o.next_attempt_at, o.occurred_at, o.source_sequence FROM bot.outbound_messages o
     WHERE o.status = 'pending' ORDER BY o.chat_id, o.parts_sent = 0, o.occurred_at, o.source_sequence, o.id LIMIT 1)
    UNION ALL
    SELECT next.* FROM heads h CROSS JOIN LATERAL (
      SELECT o.id, o.chat_id, o.next_attempt_at, o.occurred_at, o.source_sequence FROM bot.outbound_messages o
      WHERE o.status = 'pending' AND o.chat_id > h.chat_id
      ORDER BY o.chat_id, o.parts_sent = 0, o.occurred_at, o.source_sequence, o.id LIMIT 1) next
  )`;

/**
 * The next message of the chat whose next message's cause happened first, with the chat row locked so no
 * other sender (in this replica or another) sends to that chat meanwhile. Chats still waiting out their pace
 * or a retry are passed over.
 */
const CLAIM_NEXT = `${PENDING_HEADS}
  SELECT o.id, o.chat_id, o.text, o.ticket_id, o.message_id, o.parts_sent, o.attempts, o.trace_context,
         o.file_id, o.file_name, o.file_chunks, o.file_method, o.reply_markup
  FROM (
    SELECT h.id FROM heads h JOIN bot.chats c ON c.chat_id = h.chat_id
    WHERE h.next_attempt_at <= now() AND c.next_send_at <= now()
    ORDER BY h.occurred_at, h.source_sequence, h.id
    LIMIT 1
    FOR UPDATE OF c SKIP LOCKED) claimed
  JOIN bot.outbound_messages o ON o.id = claimed.id`;

/** How long until the first chat's next message may go out. */
const NEXT_DUE = `${PENDING_HEADS}
  SELECT EXTRACT(EPOCH FROM (MIN(GREATEST(h.next_attempt_at, c.next_send_at)) - clock_timestamp()))::float8 * 1000 AS wait_ms
  FROM heads h JOIN bot.chats c ON c.chat_id = h.chat_id`;

/** The chat's next send waits `$2` seconds from now (a claim's lease, a 429's wait, the per-chat pace). */
const PACE_CHAT = `UPDATE bot.chats SET next_send_at = clock_timestamp() + make_interval(secs => $2) WHERE chat_id = $1`;
const BLOCK_CHAT = `UPDATE bot.chats SET blocked_at = now() WHERE chat_id = $1`;

/** What the sender records on an outbound message ($1) once Telegram answered, one statement per verdict. */
const MARK_PART_SENT = `UPDATE bot.outbound_messages SET parts_sent = parts_sent + 1, last_error = NULL WHERE id = $1`;
const MARK_DELIVERED = `UPDATE bot.outbound_messages
  SET status = 'sent', parts_sent = $2, finished_at = clock_timestamp(), last_error = NULL WHERE id = $1`;
const NOTE_ERROR = `UPDATE bot.outbound_messages SET last_error = $2 WHERE id = $1`;
const RETRY_LATER = `UPDATE bot.outbound_messages
  SET attempts = $2, last_error = $3, next_attempt_at = now() + make_interval(secs => $4) WHERE id = $1`;
const MARK_FAILED = `UPDATE bot.outbound_messages
  SET status = 'failed', attempts = $2, finished_at = now(), last_error = $3 WHERE id = $1`;

/** What Telegram's answer makes of a message (TelegramSender.verdictOn). */
type Verdict =
  | { kind: 'part-sent' }
  | { kind: 'delivered'; parts: number; telegramMessageId?: number }
  /** a 429: the chat waits what Telegram asked; not a failed attempt */
  | { kind: 'waits'; reason: string }
  | { kind: 'retried'; attempts: number; reason: string; backoffMs: number }
  | {
      kind: 'failed';
      attempts: number;
      reason: string;
      unreachable: boolean;
      metric: '403' | '400' | 'attempts_exhausted';
    };

/**
 * Delivers queued messages to Telegram: one chat's messages in order and one at a time, every send paced
 * (per chat and globally), a 429 waited out, a 403 failing the message at once and marking the chat
 * blocked, other failures retried with backoff up to TELEGRAM_SEND_MAX_ATTEMPTS. Long texts go out in
 * parts, each paced like a message; an employee's file goes out as one upload (TelegramFileSender). Employee
 * replies get their outcome reported to ticket-service.
 */
@Injectable()
export class TelegramSender extends BackgroundWorker {
  private readonly logger = new Logger(TelegramSender.name);
  protected readonly workers: WorkLoops;

  constructor(
    private readonly dataSource: DataSource,
    private readonly pacing: SendPacing,
    private readonly files: TelegramFileSender,
    @InjectBot() private readonly bot: Telegraf,
    private readonly config: BotServiceConfig,
    private readonly metrics: BotMetrics,
  ) {
    super();
    this.workers = new WorkLoops(
      'telegram-sender',
      config.TELEGRAM_SEND_CONCURRENCY,
      () => this.sendNext(),
      this.logger,
    );
  }

  /**
   * Sends one part of one message; returns how long to rest before looking again. The claim is committed
   * before Telegram is called and the outcome recorded after, each in its own transaction: a database
   * connection lost around the send can then never roll the send back into "pending" and have it sent again.
   */
  private async sendNext(): Promise<number> {
    const claimed = await this.claim();
    if (!claimed) return this.restUntilDue();
    const leaseEnds = Date.now() + CLAIM_LEASE_MS;
    // In the trace of what queued the message (an event, an update); the delivery report continues it.
    const method =
      claimed.file_id === null ? 'sendMessage' : claimed.file_method === 'photo' ? 'sendPhoto' : 'sendDocument';
    const traced = {
      kind: SpanKind.CLIENT,
      parent: tracedContextFrom(claimed.trace_context),
      attributes: { 'telegram.method': method },
    };
    await inSpan(tracer, `telegram ${method}`, traced, async () => {
      const pacedSince = performance.now();
      const slot = await this.pacing.acquireGlobalSend();
      this.metrics.pacedFor((performance.now() - pacedSince) / 1000);
      const sent = this.metrics.sendStarted();
      const result = await this.sendPart(claimed);
      sent(result.kind);
      // Alongside the record, not before it: the record is what closes the window for a duplicate.
      const finished = this.pacing
        .sendFinished(slot)
        .catch((error: unknown) => this.logger.warn({ err: error }, 'Could not mark a global send finished'));
      const verdict = this.verdictOn(claimed, result);
      if (await this.recordUntil(leaseEnds, claimed, result, verdict)) this.logVerdict(claimed, result, verdict);
      await finished;
    });
    return 0;
  }

  /** The next message, its chat leased to this sender (no other sender, here or in a replica, takes it meanwhile). */
  private claim(): Promise<Claimed | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const [claimed] = await queryPrepared<Claimed>(manager, CLAIM_NEXT);
      if (claimed) {
        await runPrepared(manager, PACE_CHAT, [claimed.chat_id, CLAIM_LEASE_MS / 1000]);
      }
      return claimed;
    });
  }

  /**
   * Telegram has answered: what it said is recorded, on a fresh connection at each try, for as long as the
   * lease holds. Past it another sender may take the message, and it goes out twice: the one window left
   * (README, Reliability), as after a crash between Telegram's answer and this commit.
   */
  private async recordUntil(
    leaseEnds: number,
    message: Claimed,
    result: SendResult,
    verdict: Verdict,
  ): Promise<boolean> {
    for (let failures = 0; ; failures += 1) {
      try {
        await this.dataSource.transaction((manager) => this.record(manager, message, result, verdict));
        return true;
      } catch (error) {
        const log = { err: error, outboundId: Number(message.id), outcome: result.kind, failures: failures + 1 };
        if (Date.now() + 1000 >= leaseEnds) {
          this.logger.error(
            log,
            'Could not record what Telegram answered before the claim ran out; the message may be sent again',
          );
          return false;
        }
        this.logger.warn(log, 'Could not record what Telegram answered; retrying on a new connection');
        await pause(Math.min(backoff(failures + 1, RECORD_RETRY_BACKOFF), leaseEnds - Date.now() - 1000));
      }
    }
  }

  private async sendPart(message: Claimed): Promise<SendResult> {
    if (message.file_id !== null) return this.files.send(outboundFileOf(message));
    const parts = splitText(message.text);
    if (message.parts_sent >= parts.length) return { kind: 'delivered' };
    try {
      const sent = await this.bot.telegram.callApi(
        'sendMessage',
        {
          chat_id: Number(message.chat_id),
          text: parts[message.parts_sent],
          ...(message.reply_markup && message.parts_sent === parts.length - 1
            ? { reply_markup: message.reply_markup as never }
            : {}),
        },
        { signal: AbortSignal.timeout(SEND_TIMEOUT_MS) as never },
      );
      return message.parts_sent + 1 >= parts.length
        ? { kind: 'delivered', telegramMessageId: sent.message_id }
        : { kind: 'part-sent' };
    } catch (error) {
      return classifySendFailure(error);
    }
  }

  /**
   * What Telegram's answer makes of the message: a part sent, delivered, waiting out a 429 (not a failed
   * attempt), a retry after backoff, or failed for good. Decided once, before the record, which may be tried
   * on several connections.
   */
  private verdictOn(message: Claimed, result: SendResult): Verdict {
    switch (result.kind) {
      case 'part-sent':
        return { kind: 'part-sent' };
      case 'delivered':
        return {
          kind: 'delivered',
          parts: message.file_id !== null ? 1 : splitText(message.text).length,
          telegramMessageId: result.telegramMessageId,
        };
      case 'rate-limited':
        return { kind: 'waits', reason: result.reason };
      case 'unreachable':
        return { kind: 'failed', attempts: message.attempts, reason: result.reason, unreachable: true, metric: '403' };
      case 'refused':
        return { kind: 'failed', attempts: message.attempts, reason: result.reason, unreachable: false, metric: '400' };
      case 'transient': {
        const attempts = message.attempts + 1;
        if (attempts >= this.config.TELEGRAM_SEND_MAX_ATTEMPTS) {
          return { kind: 'failed', attempts, reason: result.reason, unreachable: false, metric: 'attempts_exhausted' };
        }
        return { kind: 'retried', attempts, reason: result.reason, backoffMs: backoff(attempts, RETRY_BACKOFF) };
      }
    }
  }

  /**
   * How long the chat waits before its next send; this also ends the claim's lease. After a 429 what Telegram
   * asked; after a transient failure nothing (the message's own backoff is what waits); otherwise the pace.
   */
  private chatPauseSeconds(result: SendResult): number {
    if (result.kind === 'rate-limited') return result.retryAfterMs / 1000;
    return result.kind === 'transient' ? 0 : this.pacing.chatIntervalSeconds;
  }

  private async record(manager: EntityManager, message: Claimed, result: SendResult, verdict: Verdict): Promise<void> {
    await runPrepared(manager, PACE_CHAT, [message.chat_id, this.chatPauseSeconds(result)]);
    switch (verdict.kind) {
      case 'part-sent':
        await runPrepared(manager, MARK_PART_SENT, [message.id]);
        return;
      case 'delivered':
        await runPrepared(manager, MARK_DELIVERED, [message.id, verdict.parts]);
        await this.report(manager, message, 'delivered', null, false, verdict.telegramMessageId);
        return;
      case 'waits':
        await runPrepared(manager, NOTE_ERROR, [message.id, verdict.reason]);
        return;
      case 'retried':
        await runPrepared(manager, RETRY_LATER, [
          message.id,
          verdict.attempts,
          verdict.reason,
          verdict.backoffMs / 1000,
        ]);
        return;
      case 'failed':
        if (verdict.unreachable) await runPrepared(manager, BLOCK_CHAT, [message.chat_id]);
        await runPrepared(manager, MARK_FAILED, [message.id, verdict.attempts, verdict.reason]);
        await this.report(manager, message, 'failed', verdict.reason, verdict.unreachable);
    }
  }

  /** Once the outcome is recorded (not at each try of the record). */
  private logVerdict(message: Claimed, result: SendResult, verdict: Verdict): void {
    const log = {
      chatId: Number(message.chat_id),
      outboundId: Number(message.id),
      ticketId: message.ticket_id,
      messageId: message.message_id,
    };
    if (verdict.kind === 'waits' && result.kind === 'rate-limited') {
      this.logger.warn({ ...log, retryAfterMs: result.retryAfterMs }, 'Telegram asked to slow down; the chat waits');
    } else if (verdict.kind === 'retried') {
      this.logger.warn(
        { ...log, attempts: verdict.attempts, backoffMs: verdict.backoffMs, reason: verdict.reason },
        'Send failed; will retry',
      );
    } else if (verdict.kind === 'failed') {
      this.metrics.messageFailed(verdict.metric);
      if (verdict.metric === '403')
        this.logger.warn({ ...log, reason: verdict.reason }, 'Client unreachable; message failed without retry');
      else if (verdict.metric === '400')
        this.logger.error({ ...log, reason: verdict.reason }, 'Telegram refused the message; failed without retry');
      else
        this.logger.error(
          { ...log, attempts: verdict.attempts, reason: verdict.reason },
          'Send kept failing; message failed',
        );
    }
  }

  /**
   * Timeline messages only (employee replies, notices): the outcome goes back to ticket-service with the
   * change, through the outbox, with the words sent (a notice's are composed here).
   */
  private async report(
    manager: EntityManager,
    message: Claimed,
    status: 'delivered' | 'failed',
    reason: string | null,
    clientUnreachable: boolean,
    telegramMessageId?: number,
  ): Promise<void> {
    if (message.message_id === null || message.ticket_id === null) return;
    await addToOutbox(manager, BOT_SCHEMA, Events.MessageDeliveryReported, {
      ticketId: message.ticket_id,
      messageId: message.message_id,
      status,
      reason,
      clientUnreachable,
      text: message.text,
      ...(telegramMessageId === undefined ? {} : { telegramMessageId }),
    });
  }

  private async restUntilDue(): Promise<number> {
    const [{ wait_ms }] = await queryPrepared<{ wait_ms: number | null }>(this.dataSource, NEXT_DUE);
    if (wait_ms === null) return IDLE_POLL_MS;
    return Math.min(Math.max(wait_ms, 20), IDLE_POLL_MS);
  }
}
