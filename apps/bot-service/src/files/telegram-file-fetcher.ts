import { Inject, Injectable } from '@nestjs/common';
import { InjectBot } from 'nestjs-telegraf';
import { Telegraf, TelegramError } from 'telegraf';
import { FILE_CHUNK_BYTES, StoredFile, TELEGRAM_DOWNLOAD_LIMIT_BYTES, TicketRpc } from '@app/contracts';
import { TICKET_SERVICE, TicketServiceClient } from '@app/messaging';

/** Longest a download of up to 20 MB may take before it counts as failed (and is tried again). */
const DOWNLOAD_TIMEOUT_MS = 5 * 60_000;

/** Why a client's file could not be fetched: too large for Telegram to give, refused for good, or worth a retry. */
export class FetchFailure extends Error {
  constructor(
    readonly kind: 'too_large' | 'refused' | 'transient',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Downloads a client's file from Telegram (getFile, then the file URL) and stores it in ticket-service's
 * file store as it arrives, one FILE_CHUNK_BYTES chunk per call: never more than a chunk in memory. The file
 * URL holds the bot token, so it is never logged or put in an error.
 */
@Injectable()
export class TelegramFileFetcher {
  constructor(
    @InjectBot() private readonly bot: Telegraf,
    @Inject(TICKET_SERVICE) private readonly tickets: TicketServiceClient,
  ) {}

  async fetch(telegramFileId: string, storeFileId: string): Promise<StoredFile> {
    const file = await this.bot.telegram.getFile(telegramFileId).catch((error: unknown) => {
      throw classify(error);
    });
    if ((file.file_size ?? 0) > TELEGRAM_DOWNLOAD_LIMIT_BYTES)
      throw new FetchFailure('too_large', `${file.file_size} bytes`);
    if (!file.file_path) throw new FetchFailure('refused', 'Telegram gave no file_path');
    const url = await this.bot.telegram.getFileLink(file);
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
    } catch (error) {
      throw new FetchFailure('transient', `file download failed: ${(error as Error).name}`);
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new FetchFailure(
        response.status >= 500 || response.status === 429 ? 'transient' : 'refused',
        `file download answered ${response.status}`,
      );
    }
    return this.store(response.body, storeFileId);
  }

  private async store(body: ReadableStream<Uint8Array>, fileId: string): Promise<StoredFile> {
    let pending = Buffer.alloc(0);
    let size = 0;
    let chunkCount = 0;
    const put = async (bytes: Buffer) => {
      await this.tickets.call(TicketRpc.PutFileChunk, { fileId, index: chunkCount, data: bytes.toString('base64') });
      chunkCount += 1;
    };
    try {
      for await (const piece of body) {
        size += piece.length;
        if (size > TELEGRAM_DOWNLOAD_LIMIT_BYTES)
          throw new FetchFailure('too_large', `more than ${TELEGRAM_DOWNLOAD_LIMIT_BYTES} bytes`);
        pending = Buffer.concat([pending, piece]);
        while (pending.length >= FILE_CHUNK_BYTES) {
          await put(pending.subarray(0, FILE_CHUNK_BYTES));
          pending = pending.subarray(FILE_CHUNK_BYTES);
        }
      }
      if (pending.length > 0) await put(pending);
    } catch (error) {
      await body.cancel().catch(() => undefined);
      if (error instanceof FetchFailure) throw error;
      const reason = (error as { code?: string }).code ?? (error as Error).name;
      throw new FetchFailure('transient', `storing the file failed: ${reason}: ${(error as Error).message}`);
    }
    return { fileId, size, chunkCount };
  }
}

function classify(error: unknown): FetchFailure {
  if (error instanceof TelegramError) {
    const reason = error.description ?? error.message;
    if (error.code === 400 && /too big/i.test(reason)) return new FetchFailure('too_large', reason);
    if (error.code === 400) return new FetchFailure('refused', reason);
    return new FetchFailure('transient', reason);
  }
  return new FetchFailure('transient', `getFile failed: ${(error as Error).name}`);
}
