import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MessageDeliveryReportedEvent } from '@app/contracts';
import { claimEvent } from '@app/database';
import { redactBotToken } from '@app/logging';
import { TICKET_SCHEMA } from '../config';
import { ticketFeed } from '../feed/ticket-feed';

/** How delivering a reply ended, as bot-service reports it. */
@Injectable()
export class DeliveryReports {
  private readonly logger = new Logger(DeliveryReports.name);

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Idempotent by eventId. A message once delivered stays delivered: a late or reordered "failed"
   * report cannot take back what the client has already seen.
   */
  async apply(report: MessageDeliveryReportedEvent): Promise<void> {
    const { eventId, ticketId, messageId } = report;
    await this.dataSource.transaction(async (manager) => {
      if (!(await claimEvent(manager, TICKET_SCHEMA, eventId))) {
        this.logger.log({ eventId, ticketId, messageId }, 'Delivery report seen before; ignored');
        return;
      }
      const [, updated]: [unknown[], number] = await manager.query(
        // A system notice's words are the bot's: the timeline shows what the client was sent. A delivered reply
        // keeps the id Telegram gave it, which a client's reply to it names.
        `UPDATE ticket.messages SET delivery_status = $3, delivery_error = $4,
           text = CASE WHEN kind = 'system' THEN coalesce($5, text) ELSE text END,
           telegram_message_id = COALESCE($6, telegram_message_id)
         WHERE id = $1 AND ticket_id = $2 AND direction = 'outbound' AND delivery_status <> 'delivered'`,
        // Agents read delivery_error: whatever reported it, a bot token never reaches them.
        [
          messageId,
          ticketId,
          report.status,
          report.status === 'failed' && report.reason ? redactBotToken(report.reason) : null,
          report.text ?? null,
          report.telegramMessageId ?? null,
        ],
      );
      if (report.clientUnreachable) {
        await manager.query(
          `UPDATE ticket.clients SET unreachable_since = COALESCE(unreachable_since, now())
           WHERE id = (SELECT client_id FROM ticket.tickets WHERE id = $1)`,
          [ticketId],
        );
      }
      if (updated === 0) {
        this.logger.warn({ eventId, ticketId, messageId }, 'Delivery report for no pending reply; nothing to update');
        return;
      }
      await ticketFeed.deliveryChanged(manager, {
        ticketId,
        messageId,
        deliveryStatus: report.status,
        deliveryError: report.status === 'failed' && report.reason ? redactBotToken(report.reason) : null,
      });
      // A system notice's words arrive only now: consoles get the message again, with them, in place by its id.
      if (report.text != null) await ticketFeed.messagesChanged(manager, [messageId]);
      this.logger.log({ ticketId, messageId, status: report.status }, 'Delivery reported');
    });
  }
}
