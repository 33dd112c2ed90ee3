import type { TelegramEmulator } from './telegram-emulator';
import { ClientContent, ClientUser } from './types';

type Params = Record<string, unknown>;
const optionalNumber = (value: unknown) => (value === undefined || value === '' ? undefined : Number(value));

/**
 * The emulator's controls as JSON endpoints, so a web page or another process can play the client and
 * shape Telegram's behaviour. GET parameters come from the query string, POST ones from a JSON body.
 */
export function controlRoutes(emulator: TelegramEmulator): Record<string, (params: Params) => unknown> {
  return {
    'POST /_emulator/client-messages': (p) => emulator.clientSends(p.user as ClientUser, p.message as ClientContent),
    'POST /_emulator/redeliveries': (p) => emulator.redeliver(Number(p.updateId)),
    'GET /_emulator/bot-messages': (p) => emulator.botMessages(optionalNumber(p.chatId), optionalNumber(p.sinceSeq)),
    'POST /_emulator/rate-limits': (p) =>
      emulator.setRateLimits({
        perChatPerSecond: optionalNumber(p.perChatPerSecond),
        globalPerSecond: optionalNumber(p.globalPerSecond),
      }),
    'POST /_emulator/blocked-chats': (p) => emulator.blockChat(Number(p.chatId), p.blocked !== false),
    'POST /_emulator/send-failures': (p) =>
      emulator.failNextSends(
        Number(p.count),
        optionalNumber(p.code),
        p.description as string | undefined,
        optionalNumber(p.retryAfter),
      ),
    'POST /_emulator/download-pace': (p) => emulator.setDownloadPace(optionalNumber(p.bytesPerSecond)),
    'POST /_emulator/client-edits': (p) =>
      emulator.clientEdits(Number(p.messageId), {
        text: p.text as string | undefined,
        caption: p.caption as string | undefined,
      }),
    'GET /_emulator/stats': () => emulator.stats(),
    'GET /_emulator/send-attempts': (p) => emulator.sendAttempts(optionalNumber(p.chatId)),
    'GET /_emulator/updates': () => emulator.updates(),
    'GET /_emulator/webhook': () => ({ webhook: emulator.webhook() ?? null }),
  };
}
