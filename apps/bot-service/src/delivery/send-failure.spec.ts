import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Telegraf, TelegramError } from 'telegraf';
import { classifySendFailure } from './send-failure';

const telegramError = (error_code: number, description: string, parameters?: { retry_after: number }) =>
  new TelegramError({ error_code, description, parameters });

describe('classifySendFailure', () => {
  it('waits out a 429 for its retry_after', () => {
    expect(classifySendFailure(telegramError(429, 'Too Many Requests: retry after 3', { retry_after: 3 }))).toEqual({
      kind: 'rate-limited',
      retryAfterMs: 3000,
      reason: 'Too Many Requests: retry after 3',
    });
  });

  it('gives up on a client who blocked the bot, and on a message Telegram refuses', () => {
    expect(classifySendFailure(telegramError(403, 'Forbidden: bot was blocked by the user'))).toEqual({
      kind: 'unreachable',
      reason: 'Forbidden: bot was blocked by the user',
    });
    expect(classifySendFailure(telegramError(400, 'Bad Request: chat not found'))).toMatchObject({ kind: 'refused' });
  });

  it('retries server errors and network failures', () => {
    expect(classifySendFailure(telegramError(502, 'Bad Gateway'))).toMatchObject({ kind: 'transient' });
    expect(classifySendFailure(new TypeError('fetch failed'))).toEqual({
      kind: 'transient',
      reason: 'TypeError: fetch failed',
    });
  });

  it('never keeps the bot token in a reason, which is stored and shown to agents', async () => {
    const token = '123456789:AAEXAMPLEsecretPartOfTheBotToken_-xyz';
    // A proxy in front of Telegram answering 200 with an HTML page: Telegraf's JSON error names the URL, token and all.
    const proxy = createServer((_request, response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end('<html>Bad Gateway</html>'),
    );
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const apiRoot = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const error = await new Telegraf(token, { telegram: { apiRoot } }).telegram.sendMessage(1, 'hello').then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(String((error as Error).message)).toContain(token.split(':')[1]);

      const failure = classifySendFailure(error);

      expect(failure.kind).toBe('transient');
      expect(failure.reason).toContain('invalid json response body');
      expect(failure.reason).toContain('/bot<redacted-bot-token>/sendMessage');
      expect(failure.reason).not.toContain(token.split(':')[1]);
    } finally {
      proxy.close();
    }
  });
});
