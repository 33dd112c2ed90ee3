import { Module } from '@nestjs/common';
import { TicketQuery } from './ticket-query';
import { TicketsMessageController } from './tickets.message.controller';
import { TicketsService } from './tickets.service';

/** Employees' view of tickets: list, get, change status, assign. */
@Module({
  controllers: [TicketsMessageController],
  providers: [TicketsService, TicketQuery],
  exports: [TicketsService],
})
export class TicketsModule {}
