import { CSAT_RATINGS, TicketCreatedEvent, TicketStatusChangedEvent, csatCallbackData } from '@app/contracts';
import { textsFor } from '../texts/client-texts';
import { OutboundText } from './outbound-queue';

/** The rating survey sent after a close notice: five buttons in one row, each carrying the ticket id. */
export function surveyRequest(event: TicketStatusChangedEvent): OutboundText {
  const texts = textsFor(event.languageCode);
  return {
    chatId: event.chatId,
    text: texts.csatQuestion(event.ticketId),
    cause: event,
    buttons: {
      inline_keyboard: [
        CSAT_RATINGS.map((rating) => ({
          text: texts.csatButton(rating),
          callback_data: csatCallbackData(event.ticketId, rating),
        })),
      ],
    },
  };
}

/** For a ticket opened outside business hours: when the team is back, in the client's language and the team's zone. */
export function outsideHoursNotice(event: TicketCreatedEvent): OutboundText | null {
  if (!event.outsideBusinessHours) return null;
  const { answerFrom, timeZone } = event.outsideBusinessHours;
  return {
    chatId: event.chatId,
    text: textsFor(event.languageCode).outsideHours(new Date(answerFrom), timeZone),
    cause: event,
  };
}
