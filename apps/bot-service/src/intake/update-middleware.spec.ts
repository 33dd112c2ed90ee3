import type { Context } from 'telegraf';
import type { Update } from 'telegraf/types';
import { oneUpdateAtATimePerChat } from './update-middleware';

function messageIn(chatId: number, updateId: number): Context {
  const update = {
    update_id: updateId,
    message: { message_id: updateId, date: 0, chat: { id: chatId, type: 'private' } },
  };
  return { update: update as unknown as Update } as Context;
}

/** A handler that records when it starts and finishes only when told to. */
function gatedHandler(started: number[]) {
  const gates = new Map<number, () => void>();
  const handler = (ctx: Context) => () => {
    started.push(ctx.update.update_id);
    return new Promise<void>((resolve) => gates.set(ctx.update.update_id, resolve));
  };
  return { handler, open: (updateId: number) => gates.get(updateId)!() };
}

describe('oneUpdateAtATimePerChat', () => {
  it("holds a chat's next update until the one before it is handled, while other chats go on", async () => {
    const middleware = oneUpdateAtATimePerChat();
    const started: number[] = [];
    const { handler, open } = gatedHandler(started);
    const [first, second, elsewhere] = [messageIn(7, 1), messageIn(7, 2), messageIn(8, 3)];

    const handled = [first, second, elsewhere].map((ctx) => middleware(ctx, handler(ctx)));
    await Promise.resolve();
    await Promise.resolve();
    expect(started).toEqual([1, 3]);

    open(1);
    await handled[0];
    await new Promise(setImmediate);
    expect(started).toEqual([1, 3, 2]);
    open(2);
    open(3);
    await Promise.all(handled);
  });

  it("lets a chat's next update run after the one before it failed, and passes the failure on", async () => {
    const middleware = oneUpdateAtATimePerChat();
    const failing = middleware(messageIn(7, 1), () => Promise.reject(new Error('not stored')));
    const next = middleware(messageIn(7, 2), () => Promise.resolve());
    await expect(failing).rejects.toThrow('not stored');
    await expect(next).resolves.toBeUndefined();
  });
});
