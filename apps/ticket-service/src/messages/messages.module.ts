import { Module } from '@nestjs/common';
import { AssignmentModule } from '../assignment/assignment.module';
import { CannedRepliesModule } from '../canned-replies/canned-replies.module';
import { ClientsModule } from '../clients/clients.module';
import { ConversationQuery } from './conversation-query';
import { DeliveryReports } from './delivery-reports';
import { DeliveryReportsMessageController } from './delivery-reports.message.controller';
import { InboundMessages } from './inbound-messages';
import { MessagesMessageController } from './messages.message.controller';
import { Notes } from './notes';
import { Replies } from './replies';

/** The conversation on a ticket: client messages in, employee replies out, delivery results back. */
@Module({
  imports: [ClientsModule, CannedRepliesModule, AssignmentModule],
  controllers: [MessagesMessageController, DeliveryReportsMessageController],
  providers: [InboundMessages, Replies, DeliveryReports, ConversationQuery, Notes],
  exports: [InboundMessages, Replies],
})
export class MessagesModule {}
