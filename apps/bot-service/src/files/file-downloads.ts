import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Message, Update } from 'telegraf/types';
import { DataSource, EntityManager } from 'typeorm';
import { CodedError, SettleInboundAttachmentRequest, TELEGRAM_DOWNLOAD_LIMIT_BYTES, TicketRpc } from '@app/contracts';
import { TICKET_SERVICE, TicketServiceClient } from '@app/messaging';
import { BackgroundWorker, WorkLoops, backoff } from '@app/runtime';
import { BotServiceConfig } from '../config';
import { OutboundQueue } from '../delivery/outbound-queue';
import { inboundRequest } from '../intake/client-message';
import { FileTransferMetrics } from '../telemetry/file-transfer-metrics';
import { textsFor } from '../texts/client-texts';
import { FetchFailure, TelegramFileFetcher } from './telegram-file-fetcher';

const IDLE_POLL_MS = 1000;
const RETRY_BACKOFF = { baseMs: 1000, capMs: 5 * 60_000 };

interface Claimed {
  chat_id: string;
  telegram_message_id: string;
  telegram_file_id: string;
  announced_size: string | null;
  language_code: string | null;
  store_file_id: string;
  stored_size: string | null;
  stored_chunks: number | null;
  attempts: number;
}

type Outcome = SettleInboundAttachmentRequest['outcome'];

const CLAIM = `
  SELECT chat_id, telegram_message_id, telegram_file_id, announced_size, language_code, store_file_id,
         stored_size, stored_chunks, attempts
  FROM bot.file_downloads
  WHERE finished_at IS NULL AND next_attempt_at <= now()
  ORDER BY next_attempt_at
  LIMIT 1
  FOR UPDATE SKIP LOCKED`;

const KEY = `chat_id = $1 AND telegram_message_id = $2`;

/**
 * Clients' files, from Telegram to the file store, after their messages are recorded. The work list is
 * `bot.file_downloads`: a row is queued in the forwarder's transaction, claimed with its lock held for the
 * whole download (a restart releases the lock and the row is simply claimed again), retried with backoff up
 * to BOT_DOWNLOAD_MAX_ATTEMPTS. The end is settled with ticket-service; a file above Telegram's 20 MB limit
 * also queues one notice to the client, in their language, in the transaction that finishes the row.
 */
@Injectable()
export class FileDownloads extends BackgroundWorker {
  private readonly logger = new Logger(FileDownloads.name);
  protected readonly workers: WorkLoops;

  constructor(
    private readonly dataSource: DataSource,
    private readonly fetcher: TelegramFileFetcher,
    private readonly outbound: OutboundQueue,
    @Inject(TICKET_SERVICE) private readonly tickets: TicketServiceClient,
    private readonly config: BotServiceConfig,
    private readonly metrics: FileTransferMetrics,
  ) {
    super();
    this.workers = new WorkLoops(
      'file-downloads',
      config.BOT_DOWNLOAD_CONCURRENCY,
      () => this.downloadNext(),
      this.logger,
    );
  }

  /** Queues the files of recorded client messages in the caller's transaction; true if any was queued. */
  async queue(manager: EntityManager, updates: Update[]): Promise<boolean> {
    const rows = updates.flatMap((update) => {
      const message = (update as Update.MessageUpdate).message as Message;
      const request = inboundRequest(message);
      if (request.fileId === null || request.fileId === undefined) return [];
      return [
        [
          message.chat.id,
          message.message_id,
          request.fileId,
          request.attachment?.size ?? null,
          request.languageCode ?? null,
        ],
      ];
    });
    if (rows.length === 0) return false;
    const column = (i: number) => rows.map((row) => row[i]);
    await manager.query(
      `INSERT INTO bot.file_downloads (chat_id, telegram_message_id, telegram_file_id, announced_size, language_code, store_file_id)
       SELECT chat_id, message_id, file_id, size, language, gen_random_uuid()
       FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], $5::text[]) AS d (chat_id, message_id, file_id, size, language)
       ON CONFLICT (chat_id, telegram_message_id) DO NOTHING`,
      [column(0), column(1), column(2), column(3), column(4)],
    );
    return true;
  }

  /** Works one file; returns how long to rest before looking again. */
  private async downloadNext(): Promise<number> {
    let toldClient = false;
    const claimedOne = await this.dataSource.transaction(async (manager) => {
      const [claimed]: Claimed[] = await manager.query(CLAIM);
      if (!claimed) return false;
      const outcome = await this.work(manager, claimed);
      if (outcome === undefined) return true;
      await this.settle(manager, claimed, outcome);
      toldClient = outcome === 'too_large';
      return true;
    });
    if (toldClient) this.outbound.wakeSender();
    return claimedOne ? 0 : IDLE_POLL_MS;
  }

  /** Stores the bytes if they are not stored yet; returns the outcome to settle, or undefined to retry later. */
  private async work(manager: EntityManager, claimed: Claimed): Promise<Outcome | undefined> {
    if (Number(claimed.announced_size ?? 0) > TELEGRAM_DOWNLOAD_LIMIT_BYTES) {
      // once per file: a row whose settling is retried comes back with its size already known
      if (claimed.attempts === 0) this.metrics.downloaded('too_large');
      return 'too_large';
    }
    if (claimed.stored_size !== null) return 'ready';
    const log = { chatId: Number(claimed.chat_id), telegramMessageId: Number(claimed.telegram_message_id) };
    const fetched = this.metrics.downloadStarted();
    try {
      const stored = await this.fetcher.fetch(claimed.telegram_file_id, claimed.store_file_id);
      await manager.query(`UPDATE bot.file_downloads SET stored_size = $3, stored_chunks = $4 WHERE ${KEY}`, [
        claimed.chat_id,
        claimed.telegram_message_id,
        stored.size,
        stored.chunkCount,
      ]);
      fetched('ready', stored.size);
      claimed.stored_size = String(stored.size);
      claimed.stored_chunks = stored.chunkCount;
      this.logger.log({ ...log, size: stored.size }, 'Client file downloaded from Telegram');
      return 'ready';
    } catch (error) {
      const failure = error instanceof FetchFailure ? error : new FetchFailure('transient', String(error));
      if (failure.kind === 'too_large') {
        fetched('too_large');
        return 'too_large';
      }
      if (failure.kind === 'refused') {
        fetched('failed');
        this.logger.error({ ...log, reason: failure.message }, 'Telegram refused the file; recorded as failed');
        return 'failed';
      }
      const outcome = await this.retryLater(manager, claimed, failure.message);
      fetched(outcome === undefined ? 'retry' : 'failed');
      return outcome;
    }
  }

  /** Tells ticket-service how it ended and finishes the row; ticket-service away means a retry later. */
  private async settle(manager: EntityManager, claimed: Claimed, outcome: Outcome): Promise<void> {
    const file =
      outcome === 'ready'
        ? { fileId: claimed.store_file_id, size: Number(claimed.stored_size), chunkCount: claimed.stored_chunks! }
        : null;
    try {
      await this.tickets.call(TicketRpc.SettleInboundAttachment, {
        chatId: Number(claimed.chat_id),
        telegramMessageId: Number(claimed.telegram_message_id),
        outcome,
        file,
      });
    } catch (error) {
      await this.retryLater(manager, claimed, `${(error as CodedError).code}: ${(error as Error).message}`);
      return;
    }
    await manager.query(
      `UPDATE bot.file_downloads SET outcome = $3, finished_at = now(), last_error = NULL WHERE ${KEY}`,
      [claimed.chat_id, claimed.telegram_message_id, outcome],
    );
    if (outcome === 'too_large') {
      await this.outbound.add(manager, {
        chatId: Number(claimed.chat_id),
        text: textsFor(claimed.language_code).fileTooLarge,
      });
    }
  }

  /** Backs off; past BOT_DOWNLOAD_MAX_ATTEMPTS the file is given up on (settled as failed on the next claim). */
  private async retryLater(manager: EntityManager, claimed: Claimed, reason: string): Promise<Outcome | undefined> {
    const attempts = claimed.attempts + 1;
    const log = {
      chatId: Number(claimed.chat_id),
      telegramMessageId: Number(claimed.telegram_message_id),
      attempts,
      reason,
    };
    if (attempts >= this.config.BOT_DOWNLOAD_MAX_ATTEMPTS && claimed.stored_size === null) {
      this.logger.error(log, 'Client file kept failing to download; recorded as failed');
      return 'failed';
    }
    this.logger.warn(log, 'Client file not stored yet; will retry');
    await manager.query(
      `UPDATE bot.file_downloads SET attempts = $3, last_error = $4, next_attempt_at = now() + make_interval(secs => $5)
       WHERE ${KEY}`,
      [claimed.chat_id, claimed.telegram_message_id, attempts, reason, backoff(attempts, RETRY_BACKOFF) / 1000],
    );
    return undefined;
  }
}
