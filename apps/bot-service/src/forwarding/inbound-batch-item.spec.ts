import type { Update } from 'telegraf/types';
import { telegramFrom } from '@app/telegram-emulator';
import { inboundBatchItem } from './inbound-batch-item';

const update = (message: Record<string, unknown>): Update =>
  ({
    update_id: 1,
    message: {
      message_id: 7,
      date: 1_700_000_000,
      chat: { id: 42, type: 'private' },
      from: telegramFrom({ id: 42, first_name: 'Ivan' }),
      ...message,
    },
  }) as unknown as Update;

describe('inboundBatchItem', () => {
  it('makes a /start a register item and a message a record item', () => {
    expect(inboundBatchItem('register', update({ text: '/start' }))).toEqual({
      item: { route: 'register', profile: expect.objectContaining({ telegramId: 42, chatId: 42, firstName: 'Ivan' }) },
    });
    expect(inboundBatchItem('record', update({ text: 'hello' }))).toEqual({
      item: {
        route: 'record',
        message: expect.objectContaining({
          chatId: 42,
          telegramMessageId: 7,
          kind: 'text',
          text: 'hello',
          sentAt: '2023-11-14T22:13:20.000Z',
        }),
      },
    });
  });

  it('names what breaks the contract instead of building an item ticket-service would refuse', () => {
    expect(inboundBatchItem('record', update({ text: 'x'.repeat(20_001) }))).toEqual({
      problem: expect.stringContaining('message.text'),
    });
    expect(inboundBatchItem('record', { update_id: 2 } as Update)).toEqual({
      problem: expect.stringContaining('not a message update'),
    });
  });
});
