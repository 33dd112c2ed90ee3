import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CodedError, ErrorCode, FILE_CHUNK_BYTES, PutFileChunkCommand, StoredFileCommand } from '@app/contracts';
import { mediaTypeOf } from './media-type';

export interface CompletedFile {
  fileId: string;
  size: number;
  chunkCount: number;
  mimeType: string;
}

/**
 * The file store: a file's bytes as rows of at most FILE_CHUNK_BYTES in `ticket.file_chunks`, written one
 * chunk per call (so no call carries, and no process holds, a whole file), then completed once: checked
 * against what the uploader says it sent, and from then on read-only.
 */
@Injectable()
export class FileStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores one chunk; the same chunk again overwrites it, and a completed file is never changed. */
  async putChunk({ fileId, index, data }: PutFileChunkCommand): Promise<void> {
    const bytes = Buffer.from(data, 'base64');
    if (bytes.length > FILE_CHUNK_BYTES)
      throw new CodedError(ErrorCode.ValidationFailed, `A chunk holds at most ${FILE_CHUNK_BYTES} bytes`);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO ticket.files (id) VALUES ($1) ON CONFLICT (id) DO NOTHING`, [fileId]);
      const [file]: { completed: boolean }[] = await manager.query(
        `SELECT completed_at IS NOT NULL AS completed FROM ticket.files WHERE id = $1 FOR SHARE`,
        [fileId],
      );
      if (file.completed) return;
      await manager.query(
        `INSERT INTO ticket.file_chunks (file_id, index, data) VALUES ($1, $2, $3)
         ON CONFLICT (file_id, index) DO UPDATE SET data = EXCLUDED.data`,
        [fileId, index, bytes],
      );
    });
  }

  /**
   * Marks a file complete in the caller's transaction, once its chunks are exactly what the uploader sent:
   * `chunkCount` chunks, each full but the last, `size` bytes in all. Its MIME type is decided here, from
   * its first bytes where they tell (see mediaTypeOf). Completing a completed file answers it again.
   */
  async complete(
    manager: EntityManager,
    { fileId, size, chunkCount }: StoredFileCommand,
    declaredType: string | null,
  ): Promise<CompletedFile> {
    const [file]: { size: string | null; chunk_count: number | null; mime_type: string | null }[] = await manager.query(
      `SELECT size, chunk_count, mime_type FROM ticket.files WHERE id = $1 FOR UPDATE`,
      [fileId],
    );
    if (!file) throw new CodedError(ErrorCode.ValidationFailed, `No chunks of file ${fileId} were stored`);
    if (file.size !== null) {
      if (Number(file.size) !== size || file.chunk_count !== chunkCount) {
        throw new CodedError(ErrorCode.ValidationFailed, `File ${fileId} was completed with another size`);
      }
      return { fileId, size, chunkCount, mimeType: file.mime_type! };
    }
    const [stored]: { chunks: number; bytes: string | null; short: number; head: Buffer | null }[] =
      await manager.query(
        `SELECT count(*)::int AS chunks, sum(length(data)) AS bytes,
              count(*) FILTER (WHERE index < $2 - 1 AND length(data) <> $3)::int AS short,
              (SELECT substring(data FROM 1 FOR 16) FROM ticket.file_chunks WHERE file_id = $1 AND index = 0) AS head
       FROM ticket.file_chunks WHERE file_id = $1 AND index < $2`,
        [fileId, chunkCount, FILE_CHUNK_BYTES],
      );
    if (stored.chunks !== chunkCount || Number(stored.bytes ?? 0) !== size || stored.short > 0) {
      throw new CodedError(
        ErrorCode.ValidationFailed,
        `File ${fileId} is incomplete: ${stored.chunks} of ${chunkCount} chunks, ${stored.bytes ?? 0} of ${size} bytes`,
      );
    }
    const mimeType = mediaTypeOf(stored.head ?? Buffer.alloc(0), declaredType);
    await manager.query(`DELETE FROM ticket.file_chunks WHERE file_id = $1 AND index >= $2`, [fileId, chunkCount]);
    await manager.query(
      `UPDATE ticket.files SET size = $2, chunk_count = $3, mime_type = $4, completed_at = now() WHERE id = $1`,
      [fileId, size, chunkCount, mimeType],
    );
    return { fileId, size, chunkCount, mimeType };
  }

  /** One chunk of a completed file, with the file's size and chunk count. */
  async readChunk(fileId: string, index: number): Promise<{ size: number; chunkCount: number; data: Buffer }> {
    const [row]: { size: string; chunk_count: number; data: Buffer | null }[] = await this.dataSource.query(
      `SELECT f.size, f.chunk_count, c.data FROM ticket.files f
       LEFT JOIN ticket.file_chunks c ON c.file_id = f.id AND c.index = $2
       WHERE f.id = $1 AND f.completed_at IS NOT NULL`,
      [fileId, index],
    );
    if (!row) throw new CodedError(ErrorCode.AttachmentNotFound, `No stored file ${fileId}`);
    if (index >= row.chunk_count && !(index === 0 && row.chunk_count === 0)) {
      throw new CodedError(ErrorCode.ValidationFailed, `File ${fileId} has ${row.chunk_count} chunks`);
    }
    return { size: Number(row.size), chunkCount: row.chunk_count, data: row.data ?? Buffer.alloc(0) };
  }
}
