import { z } from 'zod';

/** Where an attachment's bytes are: still coming from Telegram, stored, refused by Telegram as too large, or given up on. */
export const ATTACHMENT_STATES = ['pending', 'ready', 'too_large', 'failed'] as const;
export type AttachmentState = (typeof ATTACHMENT_STATES)[number];

/** A message's file, as employees see it. */
export interface AttachmentView {
  fileName: string | null;
  mimeType: string | null;
  size: number | null;
  width: number | null;
  height: number | null;
  /** seconds, for voice, audio, video and video notes */
  duration: number | null;
  state: AttachmentState;
}

/** An earlier version of an edited message: its text, until the edit at `editedAt` replaced it. */
export interface MessageEditView {
  text: string | null;
  editedAt: string;
}

/** The size of one stored chunk and of one chunk carried by an RPC message (claim check: bytes never ride in events). */
export const FILE_CHUNK_BYTES = 256 * 1024;
/** Telegram's bot download limit (getFile): larger files are recorded as `too_large`. */
export const TELEGRAM_DOWNLOAD_LIMIT_BYTES = 20 * 1024 * 1024;
/** Telegram's bot upload limit (sendDocument): the most an employee may send. */
export const TELEGRAM_UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;
/** Telegram's limit on a photo or document caption. */
export const CAPTION_MAX_LENGTH = 1024;

const id = z.number().int().positive();
const fileId = z.string().uuid();
const count = z.number().int().nonnegative();
const nullableInt = z.number().int().nonnegative().nullable().default(null);

/** What Telegram says about a client's file, recorded with the message before its bytes arrive. */
export const InboundAttachmentSchema = z.object({
  fileName: z.string().max(512).nullable().default(null),
  mimeType: z.string().max(255).nullable().default(null),
  size: nullableInt,
  width: nullableInt,
  height: nullableInt,
  duration: nullableInt,
});
export type InboundAttachment = z.input<typeof InboundAttachmentSchema>;

/** One chunk of a file being stored; idempotent (the same chunk again changes nothing once the file is complete). */
export const PutFileChunkSchema = z.object({
  fileId,
  index: count,
  /** base64 of at most FILE_CHUNK_BYTES bytes */
  data: z.string().max(Math.ceil(FILE_CHUNK_BYTES / 3) * 4),
});
export type PutFileChunkRequest = z.input<typeof PutFileChunkSchema>;
export type PutFileChunkCommand = z.output<typeof PutFileChunkSchema>;

/** A stored file as its uploader describes it once every chunk is stored; checked against the chunks. */
export const StoredFileSchema = z.object({
  fileId,
  size: count,
  chunkCount: count,
});
export type StoredFile = z.input<typeof StoredFileSchema>;
export type StoredFileCommand = z.output<typeof StoredFileSchema>;

/** How the download of a client's file from Telegram ended (bot-service → ticket-service). */
export const SettleInboundAttachmentSchema = z.object({
  chatId: z.number().int(),
  telegramMessageId: z.number().int(),
  outcome: z.enum(['ready', 'too_large', 'failed']),
  /** set when ready */
  file: StoredFileSchema.nullable().default(null),
});
export type SettleInboundAttachmentRequest = z.input<typeof SettleInboundAttachmentSchema>;
export type SettleInboundAttachmentCommand = z.output<typeof SettleInboundAttachmentSchema>;

/**
 * The most stored chunks one read of an attachment answers with (1 MiB of bytes in the reply): fewer, larger RPC
 * messages for a download, still bounded.
 */
export const ATTACHMENT_READ_MAX_CHUNKS = 4;

/**
 * Chunks `index` to `index + count - 1` (fewer at the end of the file) of a message's attachment, for an
 * employee's download; every answer comes with the metadata.
 */
export const ReadAttachmentChunkSchema = z.object({
  ticketId: id,
  messageId: id,
  index: count,
  count: z.number().int().min(1).max(ATTACHMENT_READ_MAX_CHUNKS).default(1),
});
export type ReadAttachmentChunkRequest = z.input<typeof ReadAttachmentChunkSchema>;
export type ReadAttachmentChunkQuery = z.output<typeof ReadAttachmentChunkSchema>;
export interface AttachmentChunk {
  fileName: string | null;
  mimeType: string;
  size: number;
  chunkCount: number;
  index: number;
  /** how many stored chunks `data` holds */
  count: number;
  /** the bytes themselves: the reply travels as a binary RPC body, not JSON (libs/messaging binary-reply.ts) */
  data: Buffer;
}

/** One chunk of a stored file by its id (bot-service uploading an employee's file to Telegram). */
export const ReadFileChunkSchema = z.object({ fileId, index: count });
export type ReadFileChunkRequest = z.input<typeof ReadFileChunkSchema>;
export type ReadFileChunkQuery = z.output<typeof ReadFileChunkSchema>;
export interface FileChunk {
  size: number;
  chunkCount: number;
  /** base64 */
  data: string;
}

/** A client's `edited_message`: the new text or caption of a message recorded before. */
export const RecordEditSchema = z.object({
  chatId: z.number().int(),
  telegramMessageId: z.number().int(),
  text: z.string().max(20_000).nullable().default(null),
  /** Telegram's edit_date, ISO 8601 */
  editedAt: z.string().datetime({ offset: true }),
});
export type RecordEditRequest = z.input<typeof RecordEditSchema>;
export type RecordEditCommand = z.output<typeof RecordEditSchema>;

/** An employee's file to the client, stored first (PutFileChunk), with an optional caption. */
export const ReplyWithFileSchema = z.object({
  ticketId: id,
  employeeId: id,
  caption: z.string().trim().max(CAPTION_MAX_LENGTH).nullable().default(null),
  fileName: z.string().min(1).max(255),
  mimeType: z.string().max(255),
  file: StoredFileSchema,
  /** the employee's Idempotency-Key: a retry with the same key returns the file reply stored first */
  idempotencyKey: z.string().min(1).max(255).optional(),
});
export type ReplyWithFileRequest = z.input<typeof ReplyWithFileSchema>;
export type ReplyWithFileCommand = z.output<typeof ReplyWithFileSchema>;

/** How bot-service uploads an employee's file: as a photo (Telegram recompresses it) or as a document. */
export const OUTBOUND_FILE_METHODS = ['photo', 'document'] as const;
export type OutboundFileMethod = (typeof OUTBOUND_FILE_METHODS)[number];
