import { createHash, randomBytes } from 'node:crypto';

/** Telegram's limits for bots: files it hands out through getFile, and files a bot may upload. */
export const DOWNLOAD_LIMIT_BYTES = 20 * 1024 * 1024;
export const UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;
export const PHOTO_UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

export interface StoredFile {
  file_id: string;
  file_unique_id: string;
  file_size: number;
  file_path: string;
  bytes: Buffer;
  /** as the uploader named it (bots' uploads) */
  file_name?: string;
  mime_type?: string;
}

/** The files the emulated Telegram holds: clients' (served by getFile and the file URL) and bots' uploads. */
export class FileStore {
  private readonly byId = new Map<string, StoredFile>();
  private readonly byPath = new Map<string, StoredFile>();

  add(kind: string, bytes: Buffer, extra: { file_name?: string; mime_type?: string } = {}): StoredFile {
    const file: StoredFile = {
      file_id: `${kind}-${randomBytes(12).toString('base64url')}`,
      file_unique_id: randomBytes(6).toString('hex'),
      file_size: bytes.length,
      file_path: `${kind}s/file_${randomBytes(6).toString('hex')}`,
      bytes,
      ...extra,
    };
    this.byId.set(file.file_id, file);
    this.byPath.set(file.file_path, file);
    return file;
  }

  get(fileId: string): StoredFile | undefined {
    return this.byId.get(fileId);
  }

  atPath(path: string): StoredFile | undefined {
    return this.byPath.get(path);
  }
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
