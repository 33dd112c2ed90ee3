import { ApiProperty } from '@nestjs/swagger';
import { EMPLOYEE_ROLES, Employee, EmployeeRole } from '../employee.entity';

/** An employee as the API shows it: never the password hash. */
export class EmployeeResponse {
  @ApiProperty({ example: 7 })
  id: number;

  @ApiProperty({ example: 'anna@example.com' })
  email: string;

  @ApiProperty({ example: 'Anna Petrova' })
  name: string;

  @ApiProperty({ enum: EMPLOYEE_ROLES, enumName: 'EmployeeRole', example: 'agent' })
  role: EmployeeRole;

  @ApiProperty({ description: 'false: deactivated', example: true })
  active: boolean;

  @ApiProperty({ description: 'true: auto-assignment gives them no new tickets', example: false })
  away: boolean;

  @ApiProperty({ format: 'date-time', example: '2024-11-26T09:15:00.000Z' })
  createdAt: string;
}

export function toEmployeeResponse(employee: Employee): EmployeeResponse {
  return {
    id: employee.id,
    email: employee.email,
    name: employee.name,
    role: employee.role,
    active: employee.active,
    away: employee.away,
    createdAt: employee.createdAt.toISOString(),
  };
}
