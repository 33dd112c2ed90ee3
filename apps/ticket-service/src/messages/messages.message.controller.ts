import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import {
  ListMessagesSchema,
  MessageView,
  Page,
  RecordInboundBatchResult,
  RecordInboundBatchSchema,
  RecordInboundResult,
  RecordInboundSchema,
  ReplySchema,
  TicketRpc,
} from '@app/contracts';
import { ContractPipe, MessageController } from '@app/messaging';
import { ClientUpdates } from './client-updates';
import { ConversationQuery } from './conversation-query';
import { InboundMessages } from './inbound-messages';
import { Replies } from './replies';

@MessageController()
export class MessagesMessageController {
  constructor(
    private readonly inbound: InboundMessages,
    private readonly replies: Replies,
    private readonly conversation: ConversationQuery,
    private readonly clientUpdates: ClientUpdates,
  ) {}

  @MessagePattern(TicketRpc.RecordInbound)
  recordInbound(
    @Payload(new ContractPipe(RecordInboundSchema)) request: z.output<typeof RecordInboundSchema>,
  ): Promise<RecordInboundResult> {
    return this.inbound.record(request);
  }

  @MessagePattern(TicketRpc.RecordInboundBatch)
  async recordInboundBatch(
    @Payload(new ContractPipe(RecordInboundBatchSchema)) request: z.output<typeof RecordInboundBatchSchema>,
  ): Promise<RecordInboundBatchResult> {
    return { results: await this.clientUpdates.record(request.items) };
  }

  @MessagePattern(TicketRpc.ListMessages)
  list(@Payload(new ContractPipe(ListMessagesSchema)) request: z.output<typeof ListMessagesSchema>): Promise<Page<MessageView>> {
    return this.conversation.list(request);
  }

  @MessagePattern(TicketRpc.Reply)
  reply(@Payload(new ContractPipe(ReplySchema)) request: z.output<typeof ReplySchema>): Promise<MessageView> {
    return this.replies.reply(request);
  }
}
