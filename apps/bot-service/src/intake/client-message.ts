import type { Message } from 'telegraf/types';
import { MessageKind, RecordEditRequest, RecordInboundRequest, RegisterClientRequest } from '@app/contracts';
import { attachmentOf } from './client-file';

export interface MessageContent {
  kind: MessageKind;
  text: string | null;
  fileId: string | null;
}

type AnyMessage = Message & Record<string, unknown>;
const caption = (message: AnyMessage) => (typeof message.caption === 'string' ? message.caption : null);
const withFile = (kind: MessageKind, fileId: string, message: AnyMessage): MessageContent => ({
  kind,
  text: caption(message),
  fileId,
});

/**
 * What a client's message carries, so that nothing is dropped: the kind, the Telegram file id of a media
 * message (the largest photo size), and the text, the caption, or the data of a location or contact.
 * Order matters: an animation also carries `document`, a venue also carries `location`.
 */
export function describeMessage(message: Message): MessageContent {
  const m = message as AnyMessage;
  if ('text' in message) return { kind: 'text', text: message.text, fileId: null };
  if ('animation' in message) return withFile('animation', message.animation.file_id, m);
  if ('photo' in message) {
    const largest = [...message.photo].sort((a, b) => a.width * a.height - b.width * b.height).at(-1);
    if (largest) return withFile('photo', largest.file_id, m);
  }
  if ('video_note' in message) return withFile('video_note', message.video_note.file_id, m);
  if ('video' in message) return withFile('video', message.video.file_id, m);
  if ('voice' in message) return withFile('voice', message.voice.file_id, m);
  if ('audio' in message) return withFile('audio', message.audio.file_id, m);
  if ('sticker' in message)
    return { kind: 'sticker', text: message.sticker.emoji ?? null, fileId: message.sticker.file_id };
  if ('document' in message) return withFile('document', message.document.file_id, m);
  if ('location' in message) {
    const { latitude, longitude } = message.location;
    const venue = 'venue' in message ? `${message.venue.title}, ${message.venue.address}: ` : '';
    return { kind: 'location', text: `${venue}${latitude}, ${longitude}`, fileId: null };
  }
  if ('contact' in message) {
    const { first_name, last_name, phone_number } = message.contact;
    return { kind: 'contact', text: [first_name, last_name, phone_number].filter(Boolean).join(' '), fileId: null };
  }
  return { kind: 'other', text: caption(m), fileId: null };
}

/** The client behind a message, as ticket-service registers it. */
export function profileOf(message: Message): RegisterClientRequest {
  const from = message.from;
  return {
    telegramId: from?.id ?? message.chat.id,
    chatId: message.chat.id,
    username: from?.username ?? null,
    firstName: from?.first_name ?? null,
    lastName: from?.last_name ?? null,
    languageCode: from?.language_code ?? null,
  };
}

/** The RecordInbound request for a client's message: idempotent on (chat, message id). */
export function inboundRequest(message: Message): RecordInboundRequest {
  const content = describeMessage(message);
  const replyTo = (message as Message & { reply_to_message?: { message_id: number } }).reply_to_message;
  return {
    ...profileOf(message),
    ...content,
    telegramMessageId: message.message_id,
    sentAt: new Date(message.date * 1000).toISOString(),
    attachment: content.fileId === null ? null : attachmentOf(content.kind, message),
    replyToTelegramMessageId: replyTo?.message_id ?? null,
  };
}

/** The edit an `edited_message` makes: the message's new text or caption, and when. */
export function editRequest(message: Message): RecordEditRequest {
  const edited = message as Message & { edit_date?: number };
  return {
    chatId: message.chat.id,
    telegramMessageId: message.message_id,
    text: describeMessage(message).text,
    editedAt: new Date((edited.edit_date ?? message.date) * 1000).toISOString(),
  };
}
