import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { CannedReplyIdSchema, CannedReplyView, CreateCannedReplySchema, TicketRpc, UpdateCannedReplySchema } from '@app/contracts';
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
  create(@Payload(new ContractPipe(CreateCannedReplySchema)) request: z.output<typeof CreateCannedReplySchema>): Promise<CannedReplyView> {
    return this.cannedReplies.create(request);
  }

  @MessagePattern(TicketRpc.UpdateCannedReply)
  update(@Payload(new ContractPipe(UpdateCannedReplySchema)) request: z.output<typeof UpdateCannedReplySchema>): Promise<CannedReplyView> {
    return this.cannedReplies.update(request);
  }

  @MessagePattern(TicketRpc.DeleteCannedReply)
  delete(@Payload(new ContractPipe(CannedReplyIdSchema)) request: z.output<typeof CannedReplyIdSchema>): Promise<{ deleted: true }> {
    return this.cannedReplies.delete(request.id);
  }
}
