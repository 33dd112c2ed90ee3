import type { Message, Update } from 'telegraf/types';
import { InboundBatchItem, InboundBatchItemSchema, parseCsatCallbackData } from '@app/contracts';
import { editRequest, inboundRequest, profileOf } from '../intake/client-message';
import { InboundRoute } from '../intake/inbound-route';

export type BatchItemOrProblem = { item: InboundBatchItem } | { problem: string };

/**
 * What a stored update asks of ticket-service, as a RecordInboundBatch item, checked against the contract
 * here: one item ticket-service would refuse must not make it refuse the whole batch.
 */
export function inboundBatchItem(route: Exclude<InboundRoute, 'help'>, update: Update): BatchItemOrProblem {
  let item: InboundBatchItem;
  try {
    if (route === 'rate') {
      const tap = (update as Update.CallbackQueryUpdate).callback_query;
      const survey = parseCsatCallbackData('data' in tap ? tap.data : undefined);
      if (!survey) return { problem: 'not a survey button' };
      return { item: { route, rating: { ticketId: survey.ticketId, telegramId: tap.from.id, rating: survey.rating } } };
    }
    if (route === 'edit') {
      item = { route, edit: editRequest((update as Update.EditedMessageUpdate).edited_message as Message) };
    } else {
      const message = (update as Update.MessageUpdate).message as Message;
      item =
        route === 'register' ? { route, profile: profileOf(message) } : { route, message: inboundRequest(message) };
    }
  } catch (error) {
    return { problem: `not a message update: ${(error as Error).message}` };
  }
  const checked = InboundBatchItemSchema.safeParse(item);
  if (checked.success) return { item };
  return { problem: checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') };
}
