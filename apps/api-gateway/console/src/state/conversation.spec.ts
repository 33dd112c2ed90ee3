import type { Message } from '../api/types';
import { addMessages, applyDelivery } from './conversation';

function message(id: number, change: Partial<Message> = {}): Message {
  return {
    id,
    ticketId: 1,
    direction: 'outbound',
    employeeId: 7,
    kind: 'text',
    text: `message ${id}`,
    fileId: null,
    createdAt: '2026-01-01T10:00:00.000Z',
    deliveryStatus: 'pending',
    deliveryError: null,
    ...change,
  } as Message;
}

describe('conversation', () => {
  it('keeps messages oldest first, whatever order pages and events arrive in', () => {
    const newestPage = [message(5), message(4)];
    const olderPage = [message(3), message(2)];
    expect(addMessages(addMessages([], newestPage), olderPage).map((m) => m.id)).toEqual([2, 3, 4, 5]);
  });

  it('shows a message once when both the reply’s answer and its event arrive', () => {
    expect(addMessages([message(4)], [message(4), message(6)]).map((m) => m.id)).toEqual([4, 6]);
  });

  it('shows a delivery result, with the reason of a failure', () => {
    const [failed] = applyDelivery([message(4)], {
      ticketId: 1,
      messageId: 4,
      deliveryStatus: 'failed',
      deliveryError: 'blocked by the user',
    });
    expect(failed).toMatchObject({ deliveryStatus: 'failed', deliveryError: 'blocked by the user' });
  });

  it('never takes back "delivered", from a late event or a stale re-read', () => {
    const delivered = applyDelivery([message(4)], {
      ticketId: 1,
      messageId: 4,
      deliveryStatus: 'delivered',
      deliveryError: null,
    });
    expect(
      applyDelivery(delivered, { ticketId: 1, messageId: 4, deliveryStatus: 'failed', deliveryError: 'late' })[0]
        .deliveryStatus,
    ).toBe('delivered');
    expect(addMessages(delivered, [message(4, { deliveryStatus: 'pending' })])[0].deliveryStatus).toBe('delivered');
  });
});
