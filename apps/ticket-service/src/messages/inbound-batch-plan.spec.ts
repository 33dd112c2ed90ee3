import { RecordInboundCommand } from '@app/contracts';
import { InboundItem, planInboundBatch, telegramKey } from './inbound-batch-plan';

const profile = (telegramId: number, username = `user${telegramId}`) => ({
  telegramId,
  chatId: telegramId,
  username,
  firstName: null,
  lastName: null,
  languageCode: 'en',
});
const message = (telegramId: number, telegramMessageId: number, username?: string): RecordInboundCommand => ({
  ...profile(telegramId, username),
  telegramMessageId,
  kind: 'text',
  text: `message ${telegramMessageId}`,
  fileId: null,
  sentAt: '2026-11-26T12:00:00Z',
  attachment: null,
  replyToTelegramMessageId: null,
});
const record = (m: RecordInboundCommand): InboundItem => ({ route: 'record', message: m });
const register = (telegramId: number, username?: string): InboundItem => ({
  route: 'register',
  profile: profile(telegramId, username),
});

describe('planInboundBatch', () => {
  it('stores new messages once each, in item order', () => {
    const [a1, b1, a2] = [message(1, 10), message(2, 10), message(1, 11)];
    const plan = planInboundBatch([record(a1), record(b1), record(a1), record(a2)], new Set());
    expect(plan.fresh).toEqual([a1, b1, a2]);
  });

  it('leaves out messages recorded before, profile included', () => {
    const recorded = message(1, 10, 'renamed');
    const plan = planInboundBatch([register(1), record(recorded)], new Set([telegramKey(recorded)]));
    expect(plan.fresh).toEqual([]);
    expect(plan.profiles.get(1)).toMatchObject({ username: 'user1' });
  });

  it('upserts each client once, with the profile of its last register item or new message', () => {
    const plan = planInboundBatch(
      [
        record(message(1, 10, 'first')),
        register(2, 'old'),
        register(1, 'second'),
        record(message(2, 11, 'new')),
        record(message(3, 1)),
      ],
      new Set(),
    );
    expect([...plan.profiles.values()].map((p) => [p.telegramId, p.username])).toEqual([
      [1, 'second'],
      [2, 'new'],
      [3, 'user3'],
    ]);
  });
});
