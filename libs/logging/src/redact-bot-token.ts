/**
 * A Telegram bot token (`123456789:AA…`, 35 characters after the colon), alone or in a Bot API URL
 * (`/bot123456789:AA…/sendMessage`). Telegraf strips it from network errors but not from others, e.g.
 * node-fetch's "invalid json response body at https://api.telegram.org/bot<token>/sendMessage".
 */
const BOT_TOKEN = /(\bbot)?\d{3,}:[A-Za-z0-9_-]{20,}/g;

/** The text with every bot token in it replaced, so it can be stored, logged or shown to an agent. */
export function redactBotToken(text: string): string {
  return text.replace(BOT_TOKEN, (_token, prefix: string | undefined) => `${prefix ?? ''}<redacted-bot-token>`);
}
