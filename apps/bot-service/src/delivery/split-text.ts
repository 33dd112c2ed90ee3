/** Telegram's limit on one message's text. */
export const TELEGRAM_TEXT_LIMIT = 4096;

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/**
 * Cuts a text into messages of at most `limit` characters (UTF-16 units, as Telegram counts), at a line
 * break or a space in the second half of the window when there is one, never inside a surrogate pair.
 * Deterministic, so a send resumed after a restart cuts the same parts. Blank parts are dropped: Telegram
 * refuses an empty message.
 */
export function splitText(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    const floor = Math.floor(limit / 2);
    let cut = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' ')) + 1;
    if (cut <= floor) cut = isHighSurrogate(rest.charCodeAt(limit - 1)) ? limit - 1 : limit;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  parts.push(rest);
  return parts.filter((part) => part.trim() !== '');
}
