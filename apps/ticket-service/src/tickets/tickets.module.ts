import { Module } from '@nestjs/common';
import { TicketHistory } from './ticket-history';
import { TicketQuery } from './ticket-query';
import { TicketTriage } from './ticket-triage';
import { TicketTriageMessageController } from './ticket-triage.message.controller';
import { TicketsMessageController } from './tickets.message.controller';
import { TicketsService } from './tickets.service';

/** Employees' view of tickets: list and search, get, change status, assign, priority and tags, the audit trail. */
@Module({
  controllers: [TicketsMessageController, TicketTriageMessageController],
  providers: [TicketsService, TicketQuery, TicketTriage, TicketHistory],
  exports: [TicketsService],
})
export class TicketsModule {}
