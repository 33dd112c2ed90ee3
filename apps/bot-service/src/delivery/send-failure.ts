import { TelegramError } from 'telegraf';
import { redactBotToken } from '@app/logging';

/** How a failed send is handled. */
export type SendFailure =
  /** 429: wait `retryAfterMs`, then send again; not counted as a failed attempt */
  | { kind: 'rate-limited'; retryAfterMs: number; reason: string }
  /** 403: the client blocked the bot (or deleted the account); retrying is pointless */
  | { kind: 'unreachable'; reason: string }
  /** 400: Telegram refuses this message itself; retrying is pointless */
  | { kind: 'refused'; reason: string }
  /** anything else (5xx, network, timeout): retry with backoff, up to a limit */
  | { kind: 'transient'; reason: string };

/** Why a send failed, never with the bot token in it: the reason is stored, logged and shown to agents. */
export function classifySendFailure(error: unknown): SendFailure {
  const failure = classify(error);
  return { ...failure, reason: redactBotToken(failure.reason) };
}

function classify(error: unknown): SendFailure {
  if (error instanceof TelegramError) {
    const reason = error.description ?? error.message;
    if (error.code === 429)
      return { kind: 'rate-limited', retryAfterMs: (error.parameters?.retry_after ?? 1) * 1000, reason };
    if (error.code === 403) return { kind: 'unreachable', reason };
    if (error.code === 400) return { kind: 'refused', reason };
    return { kind: 'transient', reason };
  }
  return { kind: 'transient', reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}
