import { ApiProperty } from '@nestjs/swagger';
import { EMPLOYEE_ROLES, Employee, EmployeeRole } from '../employee.entity';

/** A colleague as an agent sees them: enough to pick an assignee, not their login (email). */
export class ColleagueResponse {
  @ApiProperty({ example: 7 })
  id: number;

  @ApiProperty({ example: 'Anna Petrova' })
  name: string;

  @ApiProperty({ enum: EMPLOYEE_ROLES, enumName: 'EmployeeRole', example: 'agent' })
  role: EmployeeRole;

  @ApiProperty({ description: 'false: deactivated', example: true })
  active: boolean;
}

export function toColleagueResponse(employee: Employee): ColleagueResponse {
  return { id: employee.id, name: employee.name, role: employee.role, active: employee.active };
}
