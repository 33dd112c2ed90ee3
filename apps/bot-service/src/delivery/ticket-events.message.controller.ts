import { EventPattern, Payload } from '@nestjs/microservices';
import {
  Events,
  MessageOutboundEvent,
  MessageOutboundFileEvent,
  MessageOutboundFileSchema,
  MessageOutboundSchema,
  TicketCreatedEvent,
  TicketCreatedSchema,
  TicketStatusChangedEvent,
  TicketStatusChangedSchema,
} from '@app/contracts';

import { ContractPipe, MessageController } from '@app/messaging';
import { BotServiceConfig } from '../config';
import { textsFor } from '../texts/client-texts';
import { OutboundQueue, OutboundText } from './outbound-queue';
import { outsideHoursNotice, surveyRequest } from './satisfaction-texts';

/** The timeline message ticket-service keeps for a notice: its delivery, and the words sent, go back to it. */
function noticeOf(event: { ticketId: number; noticeMessageId?: number }): OutboundText['reply'] {
  return event.noticeMessageId === undefined
    ? undefined
    : { ticketId: event.ticketId, messageId: event.noticeMessageId };
}

/**
 * What ticket-service's events mean to the client, queued for TelegramSender. Each event is queued once
 * (deduped by eventId) and acked only after the queue row is committed.
 */
@MessageController()
export class TicketEventsMessageController {
  constructor(
    private readonly outbound: OutboundQueue,
    private readonly config: BotServiceConfig,
  ) {}

  @EventPattern(Events.TicketCreated)
  async ticketCreated(@Payload(new ContractPipe(TicketCreatedSchema)) event: TicketCreatedEvent): Promise<void> {
    const text = textsFor(event.languageCode).ticketCreated(event.ticketId);
    const texts: OutboundText[] = [{ chatId: event.chatId, text, reply: noticeOf(event), cause: event }];
    // opened outside business hours: when to expect an answer
    const outside = outsideHoursNotice(event);
    if (outside) texts.push(outside);
    await this.outbound.addForEvent(event.eventId, texts);
  }

  @EventPattern(Events.TicketStatusChanged)
  async statusChanged(
    @Payload(new ContractPipe(TicketStatusChangedSchema)) event: TicketStatusChangedEvent,
  ): Promise<void> {
    const text = textsFor(event.languageCode).statusChanged(event.ticketId, event.to);
    const texts: OutboundText[] = [{ chatId: event.chatId, text, reply: noticeOf(event), cause: event }];
    // after the close notice, through the same queue and pacing: the rating survey
    if (event.to === 'closed' && this.config.CSAT_ENABLED) texts.push(surveyRequest(event));
    await this.outbound.addForEvent(event.eventId, texts);
  }

  /** An employee's reply: sent as plain text, and its delivery reported back. */
  @EventPattern(Events.MessageOutbound)
  async replyWritten(@Payload(new ContractPipe(MessageOutboundSchema)) event: MessageOutboundEvent): Promise<void> {
    const reply = { ticketId: event.ticketId, messageId: event.messageId };
    await this.outbound.addForEvent(event.eventId, { chatId: event.chatId, text: event.text, reply, cause: event });
  }

  /** An employee's file: queued by reference (the bytes stay in the file store until the upload), like a reply. */
  @EventPattern(Events.MessageOutboundFile)
  async fileWritten(
    @Payload(new ContractPipe(MessageOutboundFileSchema)) event: MessageOutboundFileEvent,
  ): Promise<void> {
    const reply = { ticketId: event.ticketId, messageId: event.messageId };
    const file = { ...event.file, fileName: event.fileName, method: event.method };
    await this.outbound.addForEvent(event.eventId, {
      chatId: event.chatId,
      text: event.caption ?? '',
      reply,
      cause: event,
      file,
    });
  }
}
