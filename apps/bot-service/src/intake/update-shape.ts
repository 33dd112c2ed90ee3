import type { Update } from 'telegraf/types';
import { z } from 'zod';

const telegramId = z.number().int().refine(Number.isSafeInteger, 'must be a safe integer');
const optionalText = z.string().optional();

const user = z
  .object({
    id: telegramId,
    first_name: optionalText,
    last_name: optionalText,
    username: optionalText,
    language_code: optionalText,
  })
  .passthrough();

const message = z
  .object({
    message_id: telegramId,
    date: z.number().int(),
    chat: z.object({ id: telegramId, type: z.string() }).passthrough(),
    from: user.optional(),
    text: optionalText,
    caption: optionalText,
  })
  .passthrough();

/**
 * The parts of an update the bot relies on, checked before Telegraf or the intake touch it. Kinds the bot does
 * not read pass as they are (Telegraf ignores them); message-like ones must be messages.
 */
export const updateShape = z
  .object({
    update_id: telegramId,
    message: message.optional(),
    edited_message: message.optional(),
  })
  .passthrough();

type Fields = Record<string, unknown>;
const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isId = (value: unknown) => typeof value === 'number' && Number.isSafeInteger(value);
const isOptionalText = (value: unknown) => value === undefined || typeof value === 'string';
const isSoundUser = (value: unknown) =>
  isObject(value) &&
  isId(value.id) &&
  isOptionalText(value.first_name) &&
  isOptionalText(value.last_name) &&
  isOptionalText(value.username) &&
  isOptionalText(value.language_code);
const isSoundMessage = (value: unknown) =>
  isObject(value) &&
  isId(value.message_id) &&
  Number.isInteger(value.date) &&
  isObject(value.chat) &&
  isId(value.chat.id) &&
  typeof value.chat.type === 'string' &&
  (value.from === undefined || isSoundUser(value.from)) &&
  isOptionalText(value.text) &&
  isOptionalText(value.caption);

/**
 * updateShape's rule by hand, for every update on the webhook's hot path: zod's parse (it copies every
 * object it passes through) was a few per cent of the bot's CPU per update. Only a failing update goes
 * through zod, which names what is wrong; so this must accept exactly what updateShape accepts.
 */
export const isSoundUpdate = (update: unknown): boolean =>
  isObject(update) &&
  isId(update.update_id) &&
  (update.message === undefined || isSoundMessage(update.message)) &&
  (update.edited_message === undefined || isSoundMessage(update.edited_message));

/** Why the update cannot be served, naming the field, or undefined when its shape is sound. */
export function updateShapeProblem(update: unknown): string | undefined {
  if (isSoundUpdate(update)) return undefined;
  const checked = updateShape.safeParse(update);
  if (checked.success) return undefined;
  return checked.error.issues.map((issue) => `${issue.path.join('.') || 'update'}: ${issue.message}`).join('; ');
}

/** The update id and chat id of an update, as far as they can be read from one of any shape. */
export function idsOf(update: unknown): { updateId: number | null; chatId: number | null } {
  const safe = (value: unknown) => (typeof value === 'number' && Number.isSafeInteger(value) ? value : null);
  const candidate = (update ?? {}) as Partial<Update.MessageUpdate>;
  const chat =
    typeof candidate.message === 'object' && candidate.message !== null
      ? (candidate.message as { chat?: { id?: unknown } }).chat
      : undefined;
  return { updateId: safe(candidate.update_id), chatId: safe(chat?.id) };
}
