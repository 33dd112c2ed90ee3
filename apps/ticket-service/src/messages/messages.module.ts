import { Module } from '@nestjs/common';
import { AssignmentModule } from '../assignment/assignment.module';
import { CannedRepliesModule } from '../canned-replies/canned-replies.module';
import { ClientsModule } from '../clients/clients.module';
import { FileRetention } from '../files/file-retention';
import { FileStore } from '../files/file-store';
import { AttachmentReader } from './attachment-reader';
import { AttachmentsMessageController } from './attachments.message.controller';
import { SatisfactionModule } from '../satisfaction/satisfaction.module';
import { SlaClock } from '../service-level/sla-clock';
import { ClientUpdates } from './client-updates';
import { ConversationQuery } from './conversation-query';
import { DeliveryReports } from './delivery-reports';
import { DeliveryReportsMessageController } from './delivery-reports.message.controller';
import { FileReplies } from './file-replies';
import { InboundAttachments } from './inbound-attachments';
import { InboundEdits } from './inbound-edits';
import { InboundMessages } from './inbound-messages';
import { MessagesMessageController } from './messages.message.controller';
import { Notes } from './notes';
import { Replies } from './replies';

/** The conversation on a ticket: client messages in, employee replies out, delivery results back. */
@Module({
  imports: [ClientsModule, CannedRepliesModule, AssignmentModule, SatisfactionModule],
  controllers: [MessagesMessageController, DeliveryReportsMessageController, AttachmentsMessageController],
  providers: [
    InboundMessages,
    Replies,
    DeliveryReports,
    ConversationQuery,
    Notes,
    // attachments, edits and replies (issue 15)
    FileStore,
    FileRetention,
    InboundEdits,
    InboundAttachments,
    AttachmentReader,
    FileReplies,
    // satisfaction and response-time targets
    ClientUpdates,
    SlaClock,
  ],
  exports: [InboundMessages, Replies],
})
export class MessagesModule {}
