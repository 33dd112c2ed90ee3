import type { IncomingMessage, ServerResponse } from 'node:http';
import { EMULATOR_TOKEN, TelegramEmulator } from '../../libs/telegram-emulator/src';
import { SANDBOX_PAGE } from './page';

/**
 * The local Telegram sandbox: a Bot API emulator the bot-service talks to, plus a page at `/` where a
 * person chats with the bot as one or more Telegram clients. No Telegram account or token needed.
 */
export async function startSandbox(port: number, host = '127.0.0.1'): Promise<TelegramEmulator> {
  return TelegramEmulator.start({
    port,
    host,
    token: EMULATOR_TOKEN,
    fallback: (req: IncomingMessage, res: ServerResponse) => {
      if (req.method !== 'GET' || (req.url !== '/' && !req.url?.startsWith('/?'))) return false;
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'",
      });
      res.end(SANDBOX_PAGE);
      return true;
    },
  });
}
