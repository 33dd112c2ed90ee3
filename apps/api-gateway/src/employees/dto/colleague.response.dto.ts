import { PickType } from '@nestjs/swagger';
import { Employee } from '../employee.entity';
import { EmployeeResponse } from './employee.response.dto';

/** A colleague as an agent sees them: enough to pick an assignee, not their login (email). */
export class ColleagueResponse extends PickType(EmployeeResponse, ['id', 'name', 'role', 'active'] as const) {}

export function toColleagueResponse(employee: Employee): ColleagueResponse {
  return { id: employee.id, name: employee.name, role: employee.role, active: employee.active };
}
