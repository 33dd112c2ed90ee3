import { ApiResult, EmulatorStats, RateLimits, SendAttempt, apiError } from './types';

const WINDOW_MS = 1000;
const ATTEMPT_LOG_LIMIT = 100_000;

/**
 * Decides how Telegram answers a send: injected failures first, then a chat that blocked the bot (403),
 * then the rate limits (429 with retry_after). Counts and logs every attempt.
 */
export class SendGate {
  limits: RateLimits = {};
  readonly blockedChats = new Set<number>();
  readonly attempts: SendAttempt[] = [];
  private readonly recent: { chatId: number; at: number }[] = [];
  private failures: { count: number; code: number; description: string; retryAfter?: number } = {
    count: 0,
    code: 500,
    description: '',
  };
  readonly stats: Omit<EmulatorStats, 'webhookPosts' | 'webhookRejected'> = {
    sendAttempts: 0,
    delivered: 0,
    tooManyRequests: 0,
    forbidden: 0,
    injectedFailures: 0,
  };

  failNext(count: number, code = 500, description = 'Internal Server Error', retryAfter?: number): void {
    this.failures = { count, code, description, retryAfter };
  }

  /** Returns the error to answer, or undefined when the send goes through (and is counted as delivered). */
  admit(chatId: number, now = Date.now()): ApiResult | undefined {
    this.stats.sendAttempts += 1;
    const refusal = this.refusal(chatId, now);
    const status = refusal && !refusal.ok ? refusal.error_code : 200;
    const retryAfter = refusal && !refusal.ok ? refusal.parameters?.retry_after : undefined;
    this.log({ chatId, at: now, status, ...(retryAfter ? { retryAfter } : {}) });
    if (!refusal) {
      this.stats.delivered += 1;
      this.recent.push({ chatId, at: now });
    }
    return refusal;
  }

  private refusal(chatId: number, now: number): ApiResult | undefined {
    if (this.failures.count > 0) {
      this.failures.count -= 1;
      this.stats.injectedFailures += 1;
      const { code, description, retryAfter } = this.failures;
      return retryAfter === undefined
        ? apiError(code, description)
        : apiError(code, description, { retry_after: retryAfter });
    }
    if (this.blockedChats.has(chatId)) {
      this.stats.forbidden += 1;
      return apiError(403, 'Forbidden: bot was blocked by the user');
    }
    while (this.recent.length > 0 && this.recent[0].at <= now - WINDOW_MS) this.recent.shift();
    const inChat = this.recent.filter((send) => send.chatId === chatId);
    const full = (sends: { at: number }[], limit?: number) => limit !== undefined && sends.length >= limit;
    const window = full(this.recent, this.limits.globalPerSecond)
      ? this.recent
      : full(inChat, this.limits.perChatPerSecond)
        ? inChat
        : undefined;
    if (!window) return undefined;
    this.stats.tooManyRequests += 1;
    const retryAfter = Math.max(1, Math.ceil((window[0].at + WINDOW_MS - now) / 1000));
    return apiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
  }

  private log(attempt: SendAttempt): void {
    this.attempts.push(attempt);
    if (this.attempts.length > ATTEMPT_LOG_LIMIT) this.attempts.splice(0, this.attempts.length - ATTEMPT_LOG_LIMIT);
  }
}
