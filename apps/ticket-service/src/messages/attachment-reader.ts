import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { AttachmentChunk, CodedError, ErrorCode, ReadAttachmentChunkSchema } from '@app/contracts';
import { FileStore } from '../files/file-store';

type ReadAttachmentChunk = z.output<typeof ReadAttachmentChunkSchema>;

/** How long a caller should wait before asking again for a file still coming from Telegram. */
export const NOT_READY_RETRY_AFTER_SECONDS = 5;

/** An employee reading a message's file, a chunk at a time; each answer carries the file's metadata. */
@Injectable()
export class AttachmentReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly files: FileStore,
  ) {}

  async readChunk({ ticketId, messageId, index }: ReadAttachmentChunk): Promise<AttachmentChunk> {
    const [message]: {
      state: string | null;
      file_id: string | null;
      file_name: string | null;
      mime_type: string | null;
    }[] = await this.dataSource.query(
      `SELECT attachment_state AS state, attachment_file_id AS file_id, attachment_file_name AS file_name,
                attachment_mime_type AS mime_type
         FROM ticket.messages WHERE id = $1 AND ticket_id = $2`,
      [messageId, ticketId],
    );
    const missing = `Message ${messageId} of ticket #${ticketId} has no file`;
    switch (message?.state ?? null) {
      case null:
        throw new CodedError(ErrorCode.AttachmentNotFound, missing);
      case 'pending':
        throw new CodedError(ErrorCode.AttachmentNotReady, 'The file is still being received from Telegram', {
          retryAfterSeconds: NOT_READY_RETRY_AFTER_SECONDS,
        });
      case 'too_large':
        throw new CodedError(ErrorCode.AttachmentTooLarge, 'Telegram does not hand bots files above 20 MB');
      case 'failed':
        throw new CodedError(ErrorCode.AttachmentNotFound, 'The file could not be received from Telegram');
    }
    const chunk = await this.files.readChunk(message!.file_id!, index);
    return {
      fileName: message!.file_name,
      mimeType: message!.mime_type ?? 'application/octet-stream',
      size: chunk.size,
      chunkCount: chunk.chunkCount,
      index,
      data: chunk.data.toString('base64'),
    };
  }
}
