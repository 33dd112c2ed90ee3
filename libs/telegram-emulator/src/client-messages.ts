import { randomBytes } from 'node:crypto';
import { ClientContent, ClientUser } from './types';

const fileId = (kind: string) => `${kind}-${randomBytes(12).toString('base64url')}`;
const file = (kind: string) => ({ file_id: fileId(kind), file_unique_id: randomBytes(6).toString('hex') });

/** The kind-specific fields of a client's message, as Telegram shapes them. */
function contentFields(content: ClientContent): Record<string, unknown> {
  const caption = content.caption === undefined ? {} : { caption: content.caption };
  if (content.command !== undefined) {
    const command = content.command.startsWith('/') ? content.command : `/${content.command}`;
    const text = content.args ? `${command} ${content.args}` : command;
    return { text, entities: [{ type: 'bot_command', offset: 0, length: command.length }] };
  }
  if (content.text !== undefined) return { text: content.text };
  if (content.photo) {
    const sizes = [90, 320, 800].map((width) => ({ ...file('photo'), width, height: width, file_size: width * 40 }));
    return { photo: sizes, ...caption };
  }
  if (content.document) {
    const { file_name = 'file.pdf', mime_type = 'application/pdf' } = content.document;
    return { document: { ...file('document'), file_name, mime_type }, ...caption };
  }
  if (content.voice) return { voice: { ...file('voice'), duration: content.voice.duration ?? 3, mime_type: 'audio/ogg' }, ...caption };
  if (content.sticker) {
    const emoji = content.sticker.emoji ?? '🙂';
    return { sticker: { ...file('sticker'), type: 'regular', width: 512, height: 512, is_animated: false, is_video: false, emoji } };
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
export function clientMessage(user: ClientUser, content: ClientContent, messageId: number, now = Date.now(), group?: GroupChat) {
  const { id, first_name, last_name, username, language_code } = user;
  return {
    message_id: messageId,
    from: { id, is_bot: false, first_name, last_name, username, language_code },
    chat: group ? { id: group.id, type: group.type ?? 'group', title: group.title } : { id, type: 'private', first_name, last_name, username },
    date: Math.floor(now / 1000),
    ...contentFields(content),
  };
}
