import type { Context, MiddlewareFn } from 'telegraf';
import { SetAsideUpdates } from '../set-aside/set-aside-updates';
import { chatOf } from './update-chat';
import { idsOf, updateShapeProblem } from './update-shape';

/**
 * The first of the bot's middlewares: an update that cannot be served is kept aside and acknowledged (the
 * chain ends here, so Telegram is told), since Telegram would otherwise redeliver it forever.
 */
export function setAsideMalformedUpdates(setAside: SetAsideUpdates): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const problem = updateShapeProblem(ctx.update);
    if (problem)
      return setAside.keep({ ...idsOf(ctx.update), stage: 'malformed', reason: problem, payload: ctx.update });
    return next();
  };
}

/**
 * Telegraf handles the updates of a polled batch all at once (Promise.all): stored concurrently, a chat's
 * later update could commit first and be forwarded first. This middleware runs each chat's updates one after
 * another, in the order they reached it (update_id order within a batch); different chats still run in
 * parallel. (Webhook: Telegram itself sends one chat's updates one at a time.)
 */
export function oneUpdateAtATimePerChat(): MiddlewareFn<Context> {
  const tails = new Map<number, Promise<void>>();
  return (ctx, next) => {
    const chatId = chatOf(ctx.update);
    const handled = (tails.get(chatId) ?? Promise.resolve()).then(() => next());
    const tail = handled.catch(() => undefined);
    tails.set(chatId, tail);
    void tail.then(() => tails.get(chatId) === tail && tails.delete(chatId));
    return handled;
  };
}
