import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  GetHistoryQuery,
  GetHistorySchema,
  SetPriorityCommand,
  SetPrioritySchema,
  SetTagsCommand,
  SetTagsSchema,
  TicketHistoryEntry,
  TicketRpc,
  TicketView,
} from '@app/contracts';
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
  setTags(@Payload(new ContractPipe(SetTagsSchema)) request: SetTagsCommand): Promise<TicketView> {
    return this.triage.setTags(request);
  }

  @MessagePattern(TicketRpc.SetPriority)
  setPriority(@Payload(new ContractPipe(SetPrioritySchema)) request: SetPriorityCommand): Promise<TicketView> {
    return this.triage.setPriority(request);
  }

  @MessagePattern(TicketRpc.GetHistory)
  getHistory(
    @Payload(new ContractPipe(GetHistorySchema)) request: GetHistoryQuery,
  ): Promise<{ items: TicketHistoryEntry[] }> {
    return this.history.list(request.ticketId);
  }
}
