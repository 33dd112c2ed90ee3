import type { DeliveryUpdate, Message } from '../api/types';

const DELIVERY_RANK = { pending: 0, failed: 1, delivered: 2 } as const;

/** Messages oldest first by id; a message already shown (from the reply's answer or an event) is replaced, not repeated. */
export function addMessages(messages: Message[], incoming: Message[]): Message[] {
  const byId = new Map(messages.map((message) => [message.id, message]));
  for (const message of incoming) {
    const shown = byId.get(message.id);
    byId.set(message.id, shown ? newerDelivery(shown, message) : message);
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** A reply's delivery state from an event; delivered is final (a late "failed" cannot take it back). */
export function applyDelivery(messages: Message[], update: DeliveryUpdate): Message[] {
  return messages.map((message) =>
    message.id === update.messageId
      ? newerDelivery(message, {
          ...message,
          deliveryStatus: update.deliveryStatus,
          deliveryError: update.deliveryError,
        })
      : message,
  );
}

function newerDelivery(shown: Message, incoming: Message): Message {
  const rank = (message: Message) => (message.deliveryStatus ? DELIVERY_RANK[message.deliveryStatus] : -1);
  return rank(incoming) >= rank(shown)
    ? incoming
    : { ...incoming, deliveryStatus: shown.deliveryStatus, deliveryError: shown.deliveryError };
}
