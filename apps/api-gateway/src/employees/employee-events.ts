import { EntityManager } from 'typeorm';
import { Events } from '@app/contracts';
import { addToOutbox } from '@app/messaging';
import { AUTH_SCHEMA } from '../config';
import type { Employee } from './employee.entity';

/** Tells ticket-service (auto-assignment's roster) what an employee now is, in the transaction that changed them. */
export async function announceEmployee(
  manager: EntityManager,
  employee: Pick<Employee, 'id' | 'role' | 'active' | 'away'>,
): Promise<void> {
  await addToOutbox(manager, AUTH_SCHEMA, Events.EmployeeChanged, {
    employeeId: employee.id,
    role: employee.role,
    active: employee.active,
    away: employee.away,
  });
}
