import { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectBot } from 'nestjs-telegraf';
import { Telegraf } from 'telegraf';
import { OutboundFileMethod, TicketRpc } from '@app/contracts';
import { TICKET_SERVICE, TicketServiceClient } from '@app/messaging';
import { FileTransferMetrics } from '../telemetry/file-transfer-metrics';
import { SendFailure, classifySendFailure } from './send-failure';

/** Longest an upload of up to 50 MB may take before it counts as failed (and is retried). */
const FILE_SEND_TIMEOUT_MS = 5 * 60_000;

export interface OutboundFile {
  chatId: number;
  caption: string;
  fileId: string;
  fileName: string;
  chunkCount: number;
  method: OutboundFileMethod;
}

export function outboundFileOf(message: {
  chat_id: string;
  text: string;
  file_id: string | null;
  file_name: string | null;
  file_chunks: number | null;
  file_method: OutboundFileMethod | null;
}): OutboundFile {
  return {
    chatId: Number(message.chat_id),
    caption: message.text,
    fileId: message.file_id!,
    fileName: message.file_name ?? 'file',
    chunkCount: message.file_chunks ?? 0,
    method: message.file_method ?? 'document',
  };
}

/**
 * Uploads an employee's file to Telegram (sendPhoto or sendDocument, multipart, never by URL), its bytes
 * streamed from ticket-service's file store a chunk at a time as the upload goes. A photo Telegram refuses
 * (dimensions, format) goes again as a document, so the client still gets the file.
 */
@Injectable()
export class TelegramFileSender {
  private readonly logger = new Logger(TelegramFileSender.name);

  constructor(
    @InjectBot() private readonly bot: Telegraf,
    @Inject(TICKET_SERVICE) private readonly tickets: TicketServiceClient,
    private readonly metrics: FileTransferMetrics,
  ) {}

  async send(file: OutboundFile): Promise<{ kind: 'delivered'; telegramMessageId: number } | SendFailure> {
    const result = await this.upload(file, file.method);
    if (result.kind !== 'refused' || file.method !== 'photo') return result;
    this.logger.warn(
      { chatId: file.chatId, reason: result.reason },
      'Telegram refused the file as a photo; sending it as a document',
    );
    return this.upload(file, 'document');
  }

  private async upload(
    file: OutboundFile,
    method: OutboundFileMethod,
  ): Promise<{ kind: 'delivered'; telegramMessageId: number } | SendFailure> {
    const read = { bytes: 0 };
    const media = { source: Readable.from(this.chunks(file, read)), filename: file.fileName };
    const caption = file.caption.trim() === '' ? {} : { caption: file.caption };
    const options = { signal: AbortSignal.timeout(FILE_SEND_TIMEOUT_MS) as never };
    const uploaded = this.metrics.uploadStarted(method);
    try {
      const sent =
        method === 'photo'
          ? await this.bot.telegram.callApi('sendPhoto', { chat_id: file.chatId, photo: media, ...caption }, options)
          : await this.bot.telegram.callApi(
              'sendDocument',
              { chat_id: file.chatId, document: media, ...caption },
              options,
            );
      uploaded('delivered', read.bytes);
      return { kind: 'delivered', telegramMessageId: sent.message_id };
    } catch (error) {
      media.source.destroy();
      const failure = classifySendFailure(error);
      uploaded(failure.kind, read.bytes);
      return failure;
    }
  }

  /** The file's bytes from the store, a chunk at a time; `read.bytes` counts what has gone out so far. */
  private async *chunks(file: OutboundFile, read: { bytes: number }): AsyncGenerator<Buffer> {
    for (let index = 0; index < file.chunkCount; index += 1) {
      const chunk = await this.tickets.call(TicketRpc.ReadFileChunk, { fileId: file.fileId, index });
      const bytes = Buffer.from(chunk.data, 'base64');
      read.bytes += bytes.length;
      yield bytes;
    }
  }
}
