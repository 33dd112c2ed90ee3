import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { GetHistorySchema, SetPrioritySchema, SetTagsSchema, TicketHistoryEntry, TicketRpc, TicketView } from '@app/contracts';
import { ContractPipe, MessageController } from '@app/messaging';
import { TicketHistory } from './ticket-history';
import { TicketTriage } from './ticket-triage';

@MessageController()
export class TicketTriageMessageController {
  constructor(
    private readonly triage: TicketTriage,
    private readonly history: TicketHistory,
  ) {}

  @MessagePattern(TicketRpc.SetTags)
  setTags(@Payload(new ContractPipe(SetTagsSchema)) request: z.output<typeof SetTagsSchema>): Promise<TicketView> {
    return this.triage.setTags(request);
  }

  @MessagePattern(TicketRpc.SetPriority)
  setPriority(@Payload(new ContractPipe(SetPrioritySchema)) request: z.output<typeof SetPrioritySchema>): Promise<TicketView> {
    return this.triage.setPriority(request);
  }

  @MessagePattern(TicketRpc.GetHistory)
  getHistory(@Payload(new ContractPipe(GetHistorySchema)) request: z.output<typeof GetHistorySchema>): Promise<{ items: TicketHistoryEntry[] }> {
    return this.history.list(request.ticketId);
  }
}
