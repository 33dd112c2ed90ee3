import { TelegramError } from 'telegraf';
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
    expect(classifySendFailure(new TypeError('fetch failed'))).toEqual({ kind: 'transient', reason: 'TypeError: fetch failed' });
  });
});
