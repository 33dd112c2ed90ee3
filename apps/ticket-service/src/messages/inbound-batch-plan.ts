import { InboundBatchItemCommand, RecordInboundCommand, TelegramProfile } from '@app/contracts';

/** A registration, a message or an edit of one (ratings travel in the same batches but are recorded apart: ClientUpdates). */
export type InboundItem = Exclude<InboundBatchItemCommand, { route: 'rate' }>;

/** Telegram's idempotency key of a message: its id is unique within its chat only. */
export const telegramKey = (message: { chatId: number | string; telegramMessageId: number | string }) =>
  `${message.chatId}:${message.telegramMessageId}`;

export interface InboundBatchPlan {
  /** by Telegram id, the last profile of every register item and every new message: the ones to upsert */
  profiles: Map<number, TelegramProfile>;
  /** messages to store, in item order, each once */
  fresh: RecordInboundCommand[];
}

/**
 * What a batch writes, once the messages recorded by earlier calls are known. A message recorded before,
 * or repeated within the batch, changes nothing, not even its sender's profile.
 */
export function planInboundBatch(items: InboundItem[], recorded: ReadonlySet<string>): InboundBatchPlan {
  const profiles = new Map<number, TelegramProfile>();
  const fresh: RecordInboundCommand[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (item.route === 'register') {
      profiles.set(item.profile.telegramId, item.profile);
      continue;
    }
    if (item.route === 'edit') continue;
    const key = telegramKey(item.message);
    if (recorded.has(key) || seen.has(key)) continue;
    seen.add(key);
    profiles.set(item.message.telegramId, item.message);
    fresh.push(item.message);
  }
  return { profiles, fresh };
}
