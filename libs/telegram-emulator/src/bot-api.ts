import { DOWNLOAD_LIMIT_BYTES, FileStore, PHOTO_UPLOAD_LIMIT_BYTES, sha256 } from './file-store';
import { UploadedPart } from './multipart';
import { SendGate } from './send-gate';
import { ApiResult, BotMessage, CallbackAnswer, apiError } from './types';
import { UpdateQueue } from './update-queue';

export const TEXT_LIMIT = 4096;
const UNSUPPORTED_HTML_TAG = /<(?!\/?(b|strong|i|em|u|ins|s|strike|del|a|code|pre|tg-spoiler|span|blockquote)\b)/i;

/** What the Bot API methods read and change. */
export interface BotApiState {
  queue: UpdateQueue;
  gate: SendGate;
  me: { id: number; is_bot: true; first_name: string; username: string };
  botMessages: BotMessage[];
  callbackAnswers: CallbackAnswer[];
  commands: unknown[];
  files: FileStore;
  nextMessageId(): number;
}

type Params = Record<string, unknown>;
const ok = (result: unknown): ApiResult => ({ ok: true, result });
const num = (value: unknown, fallback: number) => (value === undefined || value === '' ? fallback : Number(value));

function sendMessage(state: BotApiState, params: Params): ApiResult {
  const chatId = Number(params.chat_id);
  const text = typeof params.text === 'string' ? params.text : '';
  const parseMode = typeof params.parse_mode === 'string' ? params.parse_mode : null;
  if (!Number.isFinite(chatId)) return apiError(400, 'Bad Request: chat not found');
  if (text.trim() === '') return apiError(400, 'Bad Request: message text is empty');
  if (text.length > TEXT_LIMIT) return apiError(400, 'Bad Request: message is too long');
  if (parseMode === 'HTML' && UNSUPPORTED_HTML_TAG.test(text)) {
    return apiError(400, "Bad Request: can't parse entities: unsupported start tag");
  }
  const refusal = state.gate.admit(chatId);
  if (refusal) return refusal;
  const message: BotMessage = {
    seq: state.botMessages.length + 1,
    messageId: state.nextMessageId(),
    chatId,
    text,
    parseMode,
    sentAt: Date.now(),
    replyMarkup: replyMarkupOf(params.reply_markup),
  };
  state.botMessages.push(message);
  return ok({
    message_id: message.messageId,
    from: state.me,
    chat: { id: chatId, type: 'private' },
    date: Math.floor(message.sentAt / 1000),
    text,
  });
}

function getFile(state: BotApiState, params: Params): ApiResult {
  const file = typeof params.file_id === 'string' ? state.files.get(params.file_id) : undefined;
  if (!file) return apiError(400, 'Bad Request: invalid file_id');
  if (file.file_size > DOWNLOAD_LIMIT_BYTES) return apiError(400, 'Bad Request: file is too big');
  const { file_id, file_unique_id, file_size, file_path } = file;
  return ok({ file_id, file_unique_id, file_size, file_path });
}

/** sendPhoto / sendDocument with the file uploaded in the request (multipart); a file_id or URL is not modelled. */
function sendFile(
  state: BotApiState,
  params: Params,
  uploads: Record<string, UploadedPart>,
  kind: 'photo' | 'document',
): ApiResult {
  const chatId = Number(params.chat_id);
  const upload = uploads[kind];
  const caption = typeof params.caption === 'string' ? params.caption : '';
  if (!Number.isFinite(chatId)) return apiError(400, 'Bad Request: chat not found');
  if (!upload) return apiError(400, `Bad Request: there is no ${kind} in the request`);
  if (upload.bytes.length === 0) return apiError(400, 'Bad Request: file must be non-empty');
  if (kind === 'photo' && upload.bytes.length > PHOTO_UPLOAD_LIMIT_BYTES)
    return apiError(400, 'Bad Request: PHOTO_INVALID_DIMENSIONS');
  if (caption.length > 1024) return apiError(400, 'Bad Request: message caption is too long');
  const refusal = state.gate.admit(chatId);
  if (refusal) return refusal;
  const stored = state.files.add(kind, upload.bytes, { file_name: upload.filename, mime_type: upload.mimeType });
  const message: BotMessage = {
    seq: state.botMessages.length + 1,
    messageId: state.nextMessageId(),
    chatId,
    text: caption,
    parseMode: null,
    sentAt: Date.now(),
    replyMarkup: null,
    file: {
      kind,
      fileId: stored.file_id,
      fileName: upload.filename,
      mimeType: upload.mimeType,
      size: upload.bytes.length,
      sha256: sha256(upload.bytes),
    },
  };
  state.botMessages.push(message);
  const { file_id, file_unique_id, file_size } = stored;
  const media =
    kind === 'photo'
      ? { photo: [{ file_id, file_unique_id, file_size, width: 800, height: 600 }] }
      : { document: { file_id, file_unique_id, file_size, file_name: upload.filename, mime_type: upload.mimeType } };
  return ok({
    message_id: message.messageId,
    from: state.me,
    chat: { id: chatId, type: 'private' },
    date: Math.floor(message.sentAt / 1000),
    ...(caption ? { caption } : {}),
    ...media,
  });
}

/** reply_markup arrives as an object (JSON body) or a JSON string (form body). */
function replyMarkupOf(value: unknown): BotMessage['replyMarkup'] {
  if (value === undefined || value === null || value === '') return null;
  return (typeof value === 'string' ? JSON.parse(value) : value) as BotMessage['replyMarkup'];
}

async function getUpdates(state: BotApiState, params: Params, abort: AbortSignal): Promise<ApiResult> {
  if (state.queue.webhook) {
    return apiError(
      409,
      "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    );
  }
  const limit = Math.min(Math.max(num(params.limit, 100), 1), 100);
  const updates = await state.queue.take(num(params.offset, 0), limit, num(params.timeout, 0) * 1000, abort);
  return ok(updates);
}

/** Answers one Bot API method; unknown methods answer ok, so a bot using more of the API keeps working. */
export async function callMethod(
  state: BotApiState,
  method: string,
  params: Params,
  abort: AbortSignal,
  uploads: Record<string, UploadedPart> = {},
): Promise<ApiResult> {
  switch (method.toLowerCase()) {
    case 'getfile':
      return getFile(state, params);
    case 'sendphoto':
      return sendFile(state, params, uploads, 'photo');
    case 'senddocument':
      return sendFile(state, params, uploads, 'document');
    case 'getme':
      return ok(state.me);
    case 'getupdates':
      return getUpdates(state, params, abort);
    case 'sendmessage':
      return sendMessage(state, params);
    case 'setwebhook': {
      if (typeof params.url !== 'string' || params.url === '') {
        state.queue.setWebhook(undefined, params.drop_pending_updates === true);
        return ok(true);
      }
      const secretToken = typeof params.secret_token === 'string' ? params.secret_token : undefined;
      const maxConnections = Math.min(Math.max(num(params.max_connections, 40), 1), 100);
      state.queue.setWebhook({ url: params.url, secretToken, maxConnections }, params.drop_pending_updates === true);
      return ok(true);
    }
    case 'deletewebhook':
      state.queue.setWebhook(undefined, params.drop_pending_updates === true || params.drop_pending_updates === 'true');
      return ok(true);
    case 'getwebhookinfo':
      return ok({
        url: state.queue.webhook?.url ?? '',
        has_custom_certificate: false,
        pending_update_count: state.queue.pendingIds().length,
      });
    case 'setmycommands':
      state.commands.splice(0, state.commands.length, ...((params.commands as unknown[] | undefined) ?? []));
      return ok(true);
    case 'getmycommands':
      return ok(state.commands);
    case 'answercallbackquery':
      state.callbackAnswers.push({
        callbackQueryId: String(params.callback_query_id),
        text: typeof params.text === 'string' ? params.text : null,
        at: Date.now(),
      });
      return ok(true);
    default:
      // sendChatAction, ... : accepted and forgotten
      return ok(true);
  }
}
