import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';
import { CAPTION_MAX_LENGTH, CodedError, ErrorCode, FILE_CHUNK_BYTES, StoredFile, TicketRpc } from '@app/contracts';
import { TICKET_SERVICE, TicketServiceClient } from '@app/messaging';
import { GatewayConfig } from '../../config';
import { safeFileName } from './file-name';

/** Room for the multipart boundaries, part headers and a caption around the file. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export interface UploadedFile {
  file: StoredFile;
  /** hex SHA-256 of the bytes: what tells a retry of the same file from another file (Idempotency-Key) */
  sha256: string;
  fileName: string;
  mimeType: string;
  caption: string | null;
}

export const isMultipart = (req: Request) => /^multipart\/form-data/i.test(req.headers['content-type'] ?? '');

/**
 * Reads a `multipart/form-data` reply (`file`, optional `text`) as it arrives and stores the file in
 * ticket-service's file store a chunk at a time: the gateway holds at most one chunk of it, however large.
 * Above ATTACHMENT_UPLOAD_MAX_BYTES it stops with 413 FILE_TOO_LARGE (at once when Content-Length says so).
 */
@Injectable()
export class FileUpload {
  constructor(
    @Inject(TICKET_SERVICE) private readonly tickets: TicketServiceClient,
    private readonly config: GatewayConfig,
  ) {}

  async receive(req: Request): Promise<UploadedFile> {
    const limit = this.config.ATTACHMENT_UPLOAD_MAX_BYTES;
    if (Number(req.headers['content-length'] ?? 0) > limit + MULTIPART_OVERHEAD_BYTES) throw tooLarge(limit);
    let parser: busboy.Busboy;
    try {
      // busboy reports a file of exactly `fileSize` bytes as cut off: one byte of room tells "at the limit" from "above"
      // browsers send file names as raw UTF-8 (busboy's default would read them as Latin-1)
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: { files: 1, fileSize: limit + 1, fields: 1, fieldSize: CAPTION_MAX_LENGTH * 4 },
      });
    } catch (error) {
      throw new CodedError(
        ErrorCode.ValidationFailed,
        `Not a valid multipart/form-data request: ${(error as Error).message}`,
      );
    }
    return new Promise<UploadedFile>((resolve, reject) => {
      let caption: string | null = null;
      let stored: Promise<Omit<UploadedFile, 'caption'>> | undefined;
      let failed = false;
      const fail = (error: unknown) => {
        if (failed) return;
        failed = true;
        req.unpipe(parser);
        req.resume();
        reject(error);
      };
      parser.on('field', (name, value, info) => {
        if (name !== 'text')
          return fail(new CodedError(ErrorCode.ValidationFailed, `Unknown field "${name}"; expected file and text`));
        if (info.valueTruncated || value.length > CAPTION_MAX_LENGTH) {
          return fail(
            new CodedError(
              ErrorCode.ValidationFailed,
              `text (the caption) must be at most ${CAPTION_MAX_LENGTH} characters`,
            ),
          );
        }
        caption = value.trim() === '' ? null : value;
      });
      parser.on('file', (name, stream, info) => {
        if (name !== 'file') {
          stream.resume();
          return fail(new CodedError(ErrorCode.ValidationFailed, `Unknown file field "${name}"; expected file`));
        }
        const fileName = safeFileName(info.filename, 'file', info.mimeType);
        stored = this.store(stream, limit).then(({ sha256, ...file }) => ({
          file,
          sha256,
          fileName,
          mimeType: info.mimeType,
        }));
        stored.catch(fail);
      });
      parser.on('filesLimit', () => fail(new CodedError(ErrorCode.ValidationFailed, 'Send one file at a time')));
      parser.on('fieldsLimit', () =>
        fail(new CodedError(ErrorCode.ValidationFailed, 'Only one text field is expected')),
      );
      parser.on('error', (error) =>
        fail(new CodedError(ErrorCode.ValidationFailed, `Malformed multipart body: ${(error as Error).message}`)),
      );
      parser.on('close', () => {
        if (failed) return;
        if (!stored) return fail(new CodedError(ErrorCode.ValidationFailed, 'file is required'));
        stored.then((upload) => !failed && resolve({ ...upload, caption }), fail);
      });
      req.pipe(parser);
    });
  }

  /** Stores the stream under a new file id in chunks of FILE_CHUNK_BYTES, one call at a time. */
  private async store(
    stream: Readable & { truncated?: boolean },
    limit: number,
  ): Promise<StoredFile & { sha256: string }> {
    const fileId = randomUUID();
    const digest = createHash('sha256');
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let size = 0;
    let chunkCount = 0;
    const put = async (bytes: Buffer) => {
      await this.tickets.call(TicketRpc.PutFileChunk, { fileId, index: chunkCount, data: bytes.toString('base64') });
      chunkCount += 1;
    };
    let limited = false;
    stream.once('limit', () => (limited = true));
    for await (const piece of stream as AsyncIterable<Buffer>) {
      size += piece.length;
      if (limited || size > limit) break;
      pending.push(piece);
      digest.update(piece);
      pendingBytes += piece.length;
      while (pendingBytes >= FILE_CHUNK_BYTES) {
        const all = Buffer.concat(pending);
        await put(all.subarray(0, FILE_CHUNK_BYTES));
        pending = [all.subarray(FILE_CHUNK_BYTES)];
        pendingBytes = pending[0].length;
      }
    }
    if (limited || stream.truncated || size > limit) throw tooLarge(limit);
    if (size === 0) throw new CodedError(ErrorCode.ValidationFailed, 'file is empty');
    if (pendingBytes > 0) await put(Buffer.concat(pending));
    return { fileId, size, chunkCount, sha256: digest.digest('hex') };
  }
}

function tooLarge(limit: number): CodedError {
  return new CodedError(ErrorCode.FileTooLarge, `The file is larger than ${limit} bytes`);
}
