import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EmployeeChangedEvent } from '@app/contracts';
import { claimEvent } from '@app/database';
import { TICKET_SCHEMA } from '../config';

/**
 * ticket-service's copy of who may be given tickets, kept from api-gateway's employee.changed events (the
 * employees live in the gateway's schema, which this service never reads). Each row keeps the outbox
 * sequence of the event it came from: an older event arriving late changes nothing.
 */
@Injectable()
export class AgentRoster {
  private readonly logger = new Logger(AgentRoster.name);

  constructor(private readonly dataSource: DataSource) {}

  async apply(event: EmployeeChangedEvent): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await claimEvent(manager, TICKET_SCHEMA, event.eventId))) return;
      await manager.query(
        `INSERT INTO ticket.agents AS a (employee_id, role, active, away, version) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (employee_id) DO UPDATE SET role = excluded.role, active = excluded.active, away = excluded.away,
           version = excluded.version
         WHERE a.version < excluded.version`,
        [event.employeeId, event.role, event.active, event.away, event.sequence ?? 0],
      );
      this.logger.log({ employeeId: event.employeeId, active: event.active, away: event.away }, 'Agent roster updated');
    });
  }
}
