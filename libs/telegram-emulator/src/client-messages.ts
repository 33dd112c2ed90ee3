import { randomBytes } from 'node:crypto';
import { FileStore } from './file-store';
import { telegramFrom } from './client-user';
import { ClientContent, ClientUser } from './types';

const asBuffer = (bytes: Buffer | string | undefined, fallbackSize: number) =>
  bytes === undefined ? randomBytes(fallbackSize) : Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'base64');

/** The kind-specific fields of a client's message, as Telegram shapes them; every file is stored, so getFile serves it. */
function contentFields(content: ClientContent, files: FileStore): Record<string, unknown> {
  const file = (kind: string, bytes?: Buffer | string, fallbackSize = 2048) => {
    const { file_id, file_unique_id, file_size } = files.add(kind, asBuffer(bytes, fallbackSize));
    return { file_id, file_unique_id, file_size };
  };
  const caption = content.caption === undefined ? {} : { caption: content.caption };
  if (content.command !== undefined) {
    const command = content.command.startsWith('/') ? content.command : `/${content.command}`;
    const text = content.args ? `${command} ${content.args}` : command;
    return { text, entities: [{ type: 'bot_command', offset: 0, length: command.length }] };
  }
  if (content.text !== undefined) return { text: content.text };
  if (content.photo) {
    const bytes = typeof content.photo === 'object' ? content.photo.bytes : undefined;
    const sizes = [90, 320, 800].map((width) => ({
      ...file('photo', width === 800 ? bytes : undefined, width * 40),
      width,
      height: width,
    }));
    return { photo: sizes, ...caption };
  }
  if (content.document) {
    const { file_name = 'file.pdf', mime_type = 'application/pdf', bytes } = content.document;
    return { document: { ...file('document', bytes), file_name, mime_type }, ...caption };
  }
  if (content.voice)
    return { voice: { ...file('voice'), duration: content.voice.duration ?? 3, mime_type: 'audio/ogg' }, ...caption };
  if (content.sticker) {
    const emoji = content.sticker.emoji ?? '🙂';
    return {
      sticker: {
        ...file('sticker'),
        type: 'regular',
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
        emoji,
      },
    };
  }
  if (content.location) return { location: content.location };
  if (content.contact) return { contact: content.contact };
  throw new Error('A client message needs one of: text, command, photo, document, voice, sticker, location, contact');
}

/** A group chat as Telegram shows it in a message: a negative id and a title. */
export interface GroupChat {
  id: number;
  title: string;
  type?: 'group' | 'supergroup';
}

/**
 * A message from `user`: in their private chat (the chat id is the user's id, as in Telegram), or in
 * `group` when given.
 */
export function clientMessage(
  user: ClientUser,
  content: ClientContent,
  messageId: number,
  files: FileStore,
  now = Date.now(),
  group?: GroupChat,
) {
  const { id, first_name, last_name, username } = user;
  const chat = group
    ? { id: group.id, type: group.type ?? 'group', title: group.title }
    : { id, type: 'private', first_name, last_name, username };
  return {
    message_id: messageId,
    from: telegramFrom(user),
    chat,
    date: Math.floor(now / 1000),
    ...(content.replyTo === undefined
      ? {}
      : { reply_to_message: { message_id: content.replyTo, chat, date: Math.floor(now / 1000) } }),
    ...contentFields(content, files),
  };
}
