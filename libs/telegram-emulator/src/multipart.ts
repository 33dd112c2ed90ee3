import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';

export interface UploadedPart {
  bytes: Buffer;
  filename: string;
  mimeType: string;
}

export type MultipartBody =
  { params: Record<string, unknown>; files: Record<string, UploadedPart> } | { tooLarge: true };

/**
 * A Bot API multipart request (sendPhoto, sendDocument, ...): fields as params, files in memory (an emulator
 * for tests holds what it receives). Above `limit` bytes in one file the request is refused, as Telegram does.
 */
export function readMultipart(req: IncomingMessage, limit: number): Promise<MultipartBody> {
  return new Promise((resolve, reject) => {
    const params: Record<string, unknown> = {};
    const files: Record<string, UploadedPart> = {};
    let tooLarge = false;
    const parser = busboy({ headers: req.headers, limits: { fileSize: limit } });
    parser.on('field', (name, value) => (params[name] = value));
    parser.on('file', (name, stream, info) => {
      const pieces: Buffer[] = [];
      stream.on('data', (piece: Buffer) => pieces.push(piece));
      stream.on('limit', () => (tooLarge = true));
      stream.on(
        'end',
        () =>
          (files[name] = { bytes: Buffer.concat(pieces), filename: info.filename ?? 'file', mimeType: info.mimeType }),
      );
    });
    parser.on('error', reject);
    parser.on('close', () => resolve(tooLarge ? { tooLarge: true } : { params, files }));
    req.pipe(parser);
  });
}
