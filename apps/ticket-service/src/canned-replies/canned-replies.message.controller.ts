import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CannedReplyView,
  CreateCannedReplyCommand,
  CreateCannedReplySchema,
  DeleteCannedReplyCommand,
  DeleteCannedReplySchema,
  TicketRpc,
  UpdateCannedReplyCommand,
  UpdateCannedReplySchema,
} from '@app/contracts';
import { ContractPipe, MessageController } from '@app/messaging';
import { CannedReplies } from './canned-replies';

@MessageController()
export class CannedRepliesMessageController {
  constructor(private readonly cannedReplies: CannedReplies) {}

  @MessagePattern(TicketRpc.ListCannedReplies)
  list(): Promise<CannedReplyView[]> {
    return this.cannedReplies.list();
  }

  @MessagePattern(TicketRpc.CreateCannedReply)
  create(
    @Payload(new ContractPipe(CreateCannedReplySchema)) request: CreateCannedReplyCommand,
  ): Promise<CannedReplyView> {
    return this.cannedReplies.create(request);
  }

  @MessagePattern(TicketRpc.UpdateCannedReply)
  update(
    @Payload(new ContractPipe(UpdateCannedReplySchema)) request: UpdateCannedReplyCommand,
  ): Promise<CannedReplyView> {
    return this.cannedReplies.update(request);
  }

  @MessagePattern(TicketRpc.DeleteCannedReply)
  delete(
    @Payload(new ContractPipe(DeleteCannedReplySchema)) request: DeleteCannedReplyCommand,
  ): Promise<{ deleted: true }> {
    return this.cannedReplies.delete(request.id);
  }
}
