import type { Update } from 'telegraf/types';

/**
 * The chat an update belongs to: a message's (or an edited message's) chat, or for a tap on an inline button the chat of the message
 * that carried the button (the tapping user's private chat when Telegram leaves that message out).
 */
export function chatOf(update: Update): number {
  if ('callback_query' in update) return update.callback_query.message?.chat.id ?? update.callback_query.from.id;
  if ('message' in update) return update.message.chat.id;
  if ('edited_message' in update) return update.edited_message.chat.id;
  return 0;
}
