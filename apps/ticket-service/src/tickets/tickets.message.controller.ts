import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AssignCommand,
  AssignSchema,
  ChangeStatusCommand,
  ChangeStatusSchema,
  GetTicketQuery,
  GetTicketSchema,
  ListTicketsQuery,
  ListTicketsSchema,
  Page,
  TicketRpc,
  TicketView,
} from '@app/contracts';
import { ContractPipe, MessageController } from '@app/messaging';
import { TicketQuery } from './ticket-query';
import { TicketsService } from './tickets.service';

@MessageController()
export class TicketsMessageController {
  constructor(
    private readonly tickets: TicketsService,
    private readonly query: TicketQuery,
  ) {}

  @MessagePattern(TicketRpc.ListTickets)
  list(@Payload(new ContractPipe(ListTicketsSchema)) request: ListTicketsQuery): Promise<Page<TicketView>> {
    return this.query.list(request);
  }

  @MessagePattern(TicketRpc.GetTicket)
  get(@Payload(new ContractPipe(GetTicketSchema)) request: GetTicketQuery): Promise<TicketView> {
    return this.tickets.get(request.ticketId);
  }

  @MessagePattern(TicketRpc.ChangeStatus)
  changeStatus(@Payload(new ContractPipe(ChangeStatusSchema)) request: ChangeStatusCommand): Promise<TicketView> {
    return this.tickets.changeStatus(request);
  }

  @MessagePattern(TicketRpc.Assign)
  assign(@Payload(new ContractPipe(AssignSchema)) request: AssignCommand): Promise<TicketView> {
    return this.tickets.assign(request);
  }
}
