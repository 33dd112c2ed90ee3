import { EventPattern, Payload } from '@nestjs/microservices';
import { EmployeeChangedEvent, EmployeeChangedSchema, Events } from '@app/contracts';
import { ContractPipe, MessageController } from '@app/messaging';
import { AgentRoster } from './agent-roster';

@MessageController()
export class AgentRosterMessageController {
  constructor(private readonly roster: AgentRoster) {}

  @EventPattern(Events.EmployeeChanged)
  employeeChanged(@Payload(new ContractPipe(EmployeeChangedSchema)) event: EmployeeChangedEvent): Promise<void> {
    return this.roster.apply(event);
  }
}
