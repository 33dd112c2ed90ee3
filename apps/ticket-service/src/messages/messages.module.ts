import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { SatisfactionModule } from '../satisfaction/satisfaction.module';
import { SlaClock } from '../service-level/sla-clock';
import { ClientUpdates } from './client-updates';
import { ConversationQuery } from './conversation-query';
import { DeliveryReports } from './delivery-reports';
import { DeliveryReportsMessageController } from './delivery-reports.message.controller';
import { InboundMessages } from './inbound-messages';
import { MessagesMessageController } from './messages.message.controller';
import { Replies } from './replies';

/** The conversation on a ticket: client messages in, employee replies out, delivery results back. */
@Module({
  imports: [ClientsModule, SatisfactionModule],
  controllers: [MessagesMessageController, DeliveryReportsMessageController],
  providers: [InboundMessages, Replies, DeliveryReports, ConversationQuery, ClientUpdates, SlaClock],
  exports: [InboundMessages, Replies],
})
export class MessagesModule {}
