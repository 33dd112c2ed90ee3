import { Inject, Injectable, Logger } from '@nestjs/common';
import contentDisposition from 'content-disposition';
import type { Response } from 'express';
import { AttachmentChunk, TicketRpc } from '@app/contracts';
import { TICKET_SERVICE, TicketServiceClient } from '@app/messaging';
import { GatewayConfig } from '../../config';
import { safeFileName } from './file-name';

/**
 * Stored chunks asked for ahead of the read being written, and at least two reads: the RPC round trips
 * overlap the writing, and ticket-service and Postgres work on the next reads on both cores meanwhile.
 */
const READ_AHEAD_CHUNKS = 3;
const MIN_READS_AHEAD = 2;

/** Types a browser may show in place: images it decodes itself, never anything that can run script. */
const INLINE_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);

/**
 * Streams a message's file to an employee from ticket-service, ATTACHMENT_READ_CHUNKS stored chunks (256 KiB
 * each) per RPC, the next reads asked for while one is written: a download holds a bounded few reads (3 MiB
 * at the default of 4), whatever the file's size. Headers go out only once the first chunk and the metadata
 * are in: until then any failure is a proper error response (404, 503, 504, ...). After that, a failure
 * aborts the connection: with Content-Length set, the client sees a failed download, never a short 200.
 */
@Injectable()
export class AttachmentDownload {
  private readonly logger = new Logger(AttachmentDownload.name);

  private readonly chunksPerRead: number;
  private readonly readAhead: number;

  constructor(
    @Inject(TICKET_SERVICE) private readonly tickets: TicketServiceClient,
    config: GatewayConfig,
  ) {
    this.chunksPerRead = config.ATTACHMENT_READ_CHUNKS;
    this.readAhead = Math.max(MIN_READS_AHEAD, Math.ceil(READ_AHEAD_CHUNKS / this.chunksPerRead));
  }

  async send(ticketId: number, messageId: number, res: Response): Promise<void> {
    const count = this.chunksPerRead;
    const read = (index: number) =>
      this.tickets.call(TicketRpc.ReadAttachmentChunk, { ticketId, messageId, index, count });
    const first = await read(0);
    res.status(200).set(headersFor(first, messageId));

    let closed = false;
    res.once('close', () => (closed = true));
    // Chunks asked for ahead of the one being written: the RPC round trips overlap the writing.
    const ahead: Promise<AttachmentChunk>[] = [];
    let requested = first.count;
    const askAhead = () => {
      while (ahead.length < this.readAhead && requested < first.chunkCount) {
        const chunk = read(requested);
        requested += count;
        // a failure is awaited (and reported) in order below
        chunk.catch(() => undefined);
        ahead.push(chunk);
      }
    };
    try {
      let current: AttachmentChunk | undefined = first;
      while (current && !closed) {
        askAhead();
        if (!res.write(current.data)) await drainedOrClosed(res);
        current = await ahead.shift();
      }
      if (!closed) res.end();
    } catch (error) {
      this.logger.warn({ err: error, ticketId, messageId }, 'File download broke off; the connection is aborted');
      res.destroy(error as Error);
    }
  }
}

/** Waits until the client takes more bytes, or goes away; leaves no listener behind. */
function drainedOrClosed(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function headersFor(chunk: AttachmentChunk, messageId: number): Record<string, string> {
  const inline = INLINE_TYPES.has(chunk.mimeType);
  const name = safeFileName(chunk.fileName, `${inline ? 'photo' : 'file'}-${messageId}`, chunk.mimeType);
  return {
    'Content-Type': chunk.mimeType,
    'Content-Length': String(chunk.size),
    'Content-Disposition': contentDisposition(name, { type: inline ? 'inline' : 'attachment' }),
    'X-Content-Type-Options': 'nosniff',
    // A message's file never changes once stored; private, because it is behind a token.
    'Cache-Control': 'private, max-age=31536000, immutable',
    ETag: `"message-${messageId}-${chunk.size}"`,
  };
}
