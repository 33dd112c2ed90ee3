import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AttachmentChunk, CodedError, ErrorCode, ReadAttachmentChunkQuery } from '@app/contracts';
import { BinaryReply } from '@app/messaging';

/** How long a caller should wait before asking again for a file still coming from Telegram. */
export const NOT_READY_RETRY_AFTER_SECONDS = 5;

interface Row {
  state: string | null;
  file_name: string | null;
  mime_type: string | null;
  size: string | null;
  chunk_count: number | null;
  chunks: number;
  data: Buffer | null;
}

/**
 * The message, its file and the asked chunks in one statement, the chunks joined by Postgres: a download costs
 * one query per read. The bytes come as `bytea` (hex on the wire, turned into a Buffer by node-postgres): asking
 * Postgres for base64 instead moved a third fewer bytes but cost Postgres, the one part every replica shares,
 * 40-60 ms of CPU per MB to encode (bench/README.md, media figures).
 */
const READ_CHUNKS = `
  SELECT m.attachment_state AS state, m.attachment_file_name AS file_name, m.attachment_mime_type AS mime_type,
         f.size, f.chunk_count, c.chunks, c.data
  FROM ticket.messages m
  LEFT JOIN ticket.files f ON f.id = m.attachment_file_id AND f.completed_at IS NOT NULL
  LEFT JOIN LATERAL (
    SELECT count(*)::int AS chunks,
           string_agg(data, ''::bytea ORDER BY index) AS data
    FROM ticket.file_chunks WHERE file_id = f.id AND index >= $3 AND index < $3 + $4
  ) c ON true
  WHERE m.id = $1 AND m.ticket_id = $2`;

/** An employee reading a message's file, a chunk at a time; each answer carries the file's metadata. */
@Injectable()
export class AttachmentReader {
  constructor(private readonly dataSource: DataSource) {}

  async readChunk({
    ticketId,
    messageId,
    index,
    count,
  }: ReadAttachmentChunkQuery): Promise<BinaryReply<AttachmentChunk>> {
    const [row]: Row[] = await this.dataSource.query(READ_CHUNKS, [messageId, ticketId, index, count]);
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
    const { size, chunk_count: chunkCount, chunks, data } = row!;
    if (size === null || chunkCount === null)
      throw new CodedError(ErrorCode.AttachmentNotFound, 'The file is not in the store');
    if (data === null && !(index === 0 && chunkCount === 0)) {
      throw new CodedError(ErrorCode.ValidationFailed, `The file has ${chunkCount} chunks`);
    }
    return new BinaryReply({
      fileName: row!.file_name,
      mimeType: row!.mime_type ?? 'application/octet-stream',
      size: Number(size),
      chunkCount,
      index,
      count: chunks,
      data: data ?? Buffer.alloc(0),
    });
  }
}
