import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AttachmentChunk, CodedError, ErrorCode, ReadAttachmentChunkQuery } from '@app/contracts';

/** How long a caller should wait before asking again for a file still coming from Telegram. */
export const NOT_READY_RETRY_AFTER_SECONDS = 5;

interface Row {
  state: string | null;
  file_name: string | null;
  mime_type: string | null;
  size: string | null;
  chunk_count: number | null;
  data: Buffer | null;
}

/**
 * The message, its file and the asked chunk in one statement: a download costs one query per chunk, as
 * reading the chunks straight from the store would.
 */
const READ_CHUNK = `
  SELECT m.attachment_state AS state, m.attachment_file_name AS file_name, m.attachment_mime_type AS mime_type,
         f.size, f.chunk_count, c.data
  FROM ticket.messages m
  LEFT JOIN ticket.files f ON f.id = m.attachment_file_id AND f.completed_at IS NOT NULL
  LEFT JOIN ticket.file_chunks c ON c.file_id = f.id AND c.index = $3
  WHERE m.id = $1 AND m.ticket_id = $2`;

/** An employee reading a message's file, a chunk at a time; each answer carries the file's metadata. */
@Injectable()
export class AttachmentReader {
  constructor(private readonly dataSource: DataSource) {}

  async readChunk({ ticketId, messageId, index }: ReadAttachmentChunkQuery): Promise<AttachmentChunk> {
    const [row]: Row[] = await this.dataSource.query(READ_CHUNK, [messageId, ticketId, index]);
    switch (row?.state ?? null) {
      case null:
        throw new CodedError(ErrorCode.AttachmentNotFound, `Message ${messageId} of ticket #${ticketId} has no file`);
      case 'pending':
        throw new CodedError(ErrorCode.AttachmentNotReady, 'The file is still being received from Telegram', {
          retryAfterSeconds: NOT_READY_RETRY_AFTER_SECONDS,
        });
      case 'too_large':
        throw new CodedError(ErrorCode.AttachmentTooLarge, 'Telegram does not hand bots files above 20 MB');
      case 'failed':
        throw new CodedError(ErrorCode.AttachmentNotFound, 'The file could not be received from Telegram');
    }
    const { size, chunk_count: chunkCount, data } = row!;
    if (size === null || chunkCount === null) throw new CodedError(ErrorCode.AttachmentNotFound, 'The file is not in the store');
    if (data === null && !(index === 0 && chunkCount === 0)) {
      throw new CodedError(ErrorCode.ValidationFailed, `The file has ${chunkCount} chunks`);
    }
    return {
      fileName: row!.file_name,
      mimeType: row!.mime_type ?? 'application/octet-stream',
      size: Number(size),
      chunkCount,
      index,
      data: (data ?? Buffer.alloc(0)).toString('base64'),
    };
  }
}
