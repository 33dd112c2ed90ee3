import { Module } from '@nestjs/common';
import { EmployeesModule } from '../employees/employees.module';
import { TicketDesk } from './ticket-desk';
import { TicketWorkHttpController } from './ticket-work.http.controller';
import { TicketsHttpController } from './tickets.http.controller';

@Module({
  imports: [EmployeesModule],
  controllers: [TicketsHttpController, TicketWorkHttpController],
  providers: [TicketDesk],
})
export class TicketsModule {}
