import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AddNoteCommand,
  AddNoteSchema,
  ListMessagesQuery,
  ListMessagesSchema,
  MessageView,
  Page,
  RecordInboundBatchCommand,
  RecordInboundBatchResult,
  RecordInboundBatchSchema,
  RecordInboundCommand,
  RecordInboundResult,
  RecordInboundSchema,
  ReplyCannedCommand,
  ReplyCannedSchema,
  ReplyCommand,
  ReplySchema,
  TicketRpc,
} from '@app/contracts';
import { ContractPipe, MessageController } from '@app/messaging';
import { ClientUpdates } from './client-updates';
import { ConversationQuery } from './conversation-query';
import { InboundMessages } from './inbound-messages';
import { Notes } from './notes';
import { Replies } from './replies';

@MessageController()
export class MessagesMessageController {
  constructor(
    private readonly inbound: InboundMessages,
    private readonly replies: Replies,
    private readonly conversation: ConversationQuery,
    private readonly notes: Notes,
    private readonly clientUpdates: ClientUpdates,
  ) {}

  @MessagePattern(TicketRpc.RecordInbound)
  recordInbound(
    @Payload(new ContractPipe(RecordInboundSchema)) request: RecordInboundCommand,
  ): Promise<RecordInboundResult> {
    return this.inbound.record(request);
  }

  @MessagePattern(TicketRpc.RecordInboundBatch)
  async recordInboundBatch(
    @Payload(new ContractPipe(RecordInboundBatchSchema)) request: RecordInboundBatchCommand,
  ): Promise<RecordInboundBatchResult> {
    return { results: await this.clientUpdates.record(request.items) };
  }

  @MessagePattern(TicketRpc.ListMessages)
  list(@Payload(new ContractPipe(ListMessagesSchema)) request: ListMessagesQuery): Promise<Page<MessageView>> {
    return this.conversation.list(request);
  }

  @MessagePattern(TicketRpc.Reply)
  reply(@Payload(new ContractPipe(ReplySchema)) request: ReplyCommand): Promise<MessageView> {
    return this.replies.reply(request);
  }

  @MessagePattern(TicketRpc.ReplyCanned)
  replyCanned(@Payload(new ContractPipe(ReplyCannedSchema)) request: ReplyCannedCommand): Promise<MessageView> {
    return this.replies.replyCanned(request);
  }

  @MessagePattern(TicketRpc.AddNote)
  addNote(@Payload(new ContractPipe(AddNoteSchema)) request: AddNoteCommand): Promise<MessageView> {
    return this.notes.add(request);
  }
}
