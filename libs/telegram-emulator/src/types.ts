/** The Telegram user a test or a sandbox page plays. */
export interface ClientUser {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

/**
 * What a client sends; the first kind present wins. `command` ('start' or '/start', with `args`) is sent as
 * text with a bot_command entity. File ids are generated.
 */
export interface ClientContent {
  text?: string;
  command?: string;
  args?: string;
  /** true for a generated picture; `bytes` (a Buffer, or base64 over HTTP) for the file the bot will download */
  photo?: boolean | { bytes?: Buffer | string };
  document?: { file_name?: string; mime_type?: string; bytes?: Buffer | string };
  /** the message_id of an earlier message this one answers (Telegram's reply_to_message) */
  replyTo?: number;
  voice?: { duration?: number };
  sticker?: { emoji?: string };
  location?: { latitude: number; longitude: number };
  contact?: { phone_number: string; first_name: string; last_name?: string };
  caption?: string;
}

/** A Telegram update as the Bot API serves it (only the fields the emulator produces). */
export interface EmulatedUpdate {
  update_id: number;
  message: Record<string, unknown> & { message_id: number; chat: { id: number } };
}

/** A client's edit of an earlier message, as Telegram delivers it. */
export interface EmulatedEditUpdate {
  update_id: number;
  edited_message: Record<string, unknown> & { message_id: number; chat: { id: number }; edit_date: number };
}

/** A tap on an inline button under a message the bot sent. */
export interface EmulatedCallbackUpdate {
  update_id: number;
  callback_query: {
    id: string;
    from: Record<string, unknown>;
    message: { message_id: number; chat: { id: number; type: string } };
    chat_instance: string;
    data: string;
  };
}

/** Any update the emulator queues for the bot. */
export type QueuedUpdate = EmulatedUpdate | EmulatedEditUpdate | EmulatedCallbackUpdate;

export const chatIdOf = (update: QueuedUpdate): number =>
  'message' in update
    ? update.message.chat.id
    : 'edited_message' in update
      ? update.edited_message.chat.id
      : update.callback_query.message.chat.id;

/** answerCallbackQuery as the bot called it. */
export interface CallbackAnswer {
  callbackQueryId: string;
  text: string | null;
  at: number;
}

/** A message the bot sent: `seq` orders all sends, `sentAt` is when the emulator accepted it (epoch ms). */
export interface BotMessage {
  seq: number;
  messageId: number;
  chatId: number;
  text: string;
  parseMode: string | null;
  sentAt: number;
  /** a photo or document the bot uploaded (then `text` is its caption); its bytes at GET /_emulator/files/{fileId} */
  file?: {
    kind: 'photo' | 'document';
    fileId: string;
    fileName: string;
    mimeType: string;
    size: number;
    sha256: string;
  };
  /** the inline keyboard sent with it, if any */
  replyMarkup: { inline_keyboard: { text: string; callback_data?: string }[][] } | null;
}

/** One sendMessage call: its time and the status answered (200, 429, 403, 400, 500...). */
export interface SendAttempt {
  chatId: number;
  at: number;
  status: number;
  retryAfter?: number;
}

/** Sends per second beyond which sendMessage answers 429; undefined means unlimited. */
export interface RateLimits {
  perChatPerSecond?: number;
  globalPerSecond?: number;
}

export interface EmulatorStats {
  sendAttempts: number;
  delivered: number;
  tooManyRequests: number;
  forbidden: number;
  injectedFailures: number;
  webhookPosts: number;
  webhookRejected: number;
}

/** An answer in the Bot API's envelope. */
export type ApiResult =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } };

export const apiError = (code: number, description: string, parameters?: { retry_after?: number }): ApiResult =>
  parameters ? { ok: false, error_code: code, description, parameters } : { ok: false, error_code: code, description };
