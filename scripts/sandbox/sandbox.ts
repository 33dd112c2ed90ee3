import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EMULATOR_TOKEN, TelegramEmulator } from '../../libs/telegram-emulator/src';
import { SANDBOX_PAGE } from './page';

/**
 * `GET /sandbox/bot-messages?sinceSeq=N`: the bot's messages after N, and which run of the sandbox numbered them
 * (an id, and when it started). A restart numbers from 1 again and forgets what the bot sent; a page that sees a
 * new `run` knows both.
 */
function botMessagesRoute(run: { id: string; startedAt: number }, emulator: () => TelegramEmulator | undefined) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    if (req.method !== 'GET' || url.pathname !== '/sandbox/bot-messages') return false;
    const sinceSeq = Number(url.searchParams.get('sinceSeq') ?? 0) || 0;
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(
      JSON.stringify({
        run: run.id,
        startedAt: run.startedAt,
        messages: emulator()?.botMessages(undefined, sinceSeq) ?? [],
      }),
    );
    return true;
  };
}

/**
 * The local Telegram sandbox: a Bot API emulator the bot-service talks to, plus a page at `/` where a
 * person chats with the bot as one or more Telegram clients. No Telegram account or token needed.
 */
export async function startSandbox(port: number, host = '127.0.0.1'): Promise<TelegramEmulator> {
  // The page's route reads the emulator, which exists only once it listens.
  const started: { emulator?: TelegramEmulator } = {};
  const botMessages = botMessagesRoute({ id: randomUUID(), startedAt: Date.now() }, () => started.emulator);
  started.emulator = await TelegramEmulator.start({
    port,
    host,
    token: EMULATOR_TOKEN,
    fallback: (req: IncomingMessage, res: ServerResponse) => {
      if (botMessages(req, res)) return true;
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
  return started.emulator;
}
