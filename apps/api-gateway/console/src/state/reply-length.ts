/** Telegram's limit for one text message, in UTF-16 code units; the bot splits longer replies. */
export const TELEGRAM_TEXT_LIMIT = 4096;

/** How many Telegram messages a reply becomes (the bot splits at the limit). */
export function telegramParts(text: string): number {
  return Math.max(1, Math.ceil(text.length / TELEGRAM_TEXT_LIMIT));
}

/** Enter sends; Shift+Enter (or Enter while an input method composes a word) is a new line. */
export function sendsOnKey(event: {
  key: string;
  shiftKey: boolean;
  isComposing?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
}): boolean {
  return event.key === 'Enter' && !event.shiftKey && !event.isComposing;
}
