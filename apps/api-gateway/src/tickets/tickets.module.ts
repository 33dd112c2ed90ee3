import { Module } from '@nestjs/common';
import { EmployeesModule } from '../employees/employees.module';
import { TicketDesk } from './ticket-desk';
import { TicketsHttpController } from './tickets.http.controller';

@Module({
  imports: [EmployeesModule],
  controllers: [TicketsHttpController],
  providers: [TicketDesk],
})
export class TicketsModule {}
