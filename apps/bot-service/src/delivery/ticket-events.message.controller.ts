import { EventPattern, Payload } from '@nestjs/microservices';
import {
  Events,
  MessageOutboundEvent,
  MessageOutboundSchema,
  TicketCreatedEvent,
  TicketCreatedSchema,
  TicketStatusChangedEvent,
  TicketStatusChangedSchema,
} from '@app/contracts';
import { ContractPipe, MessageController } from '@app/messaging';
import { textsFor } from '../texts/client-texts';
import { OutboundQueue, OutboundText } from './outbound-queue';

/** The timeline message ticket-service keeps for a notice: its delivery, and the words sent, go back to it. */
function noticeOf(event: { ticketId: number; noticeMessageId?: number }): OutboundText['reply'] {
  return event.noticeMessageId === undefined ? undefined : { ticketId: event.ticketId, messageId: event.noticeMessageId };
}

/**
 * What ticket-service's events mean to the client, queued for TelegramSender. Each event is queued once
 * (deduped by eventId) and acked only after the queue row is committed.
 */
@MessageController()
export class TicketEventsMessageController {
  constructor(private readonly outbound: OutboundQueue) {}

  @EventPattern(Events.TicketCreated)
  async ticketCreated(@Payload(new ContractPipe(TicketCreatedSchema)) event: TicketCreatedEvent): Promise<void> {
    const text = textsFor(event.languageCode).ticketCreated(event.ticketId);
    await this.outbound.addForEvent(event.eventId, { chatId: event.chatId, text, reply: noticeOf(event), cause: event });
  }

  @EventPattern(Events.TicketStatusChanged)
  async statusChanged(@Payload(new ContractPipe(TicketStatusChangedSchema)) event: TicketStatusChangedEvent): Promise<void> {
    const text = textsFor(event.languageCode).statusChanged(event.ticketId, event.to);
    await this.outbound.addForEvent(event.eventId, { chatId: event.chatId, text, reply: noticeOf(event), cause: event });
  }

  /** An employee's reply: sent as plain text, and its delivery reported back. */
  @EventPattern(Events.MessageOutbound)
  async replyWritten(@Payload(new ContractPipe(MessageOutboundSchema)) event: MessageOutboundEvent): Promise<void> {
    const reply = { ticketId: event.ticketId, messageId: event.messageId };
    await this.outbound.addForEvent(event.eventId, { chatId: event.chatId, text: event.text, reply, cause: event });
  }
}
