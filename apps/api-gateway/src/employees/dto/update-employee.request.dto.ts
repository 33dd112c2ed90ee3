import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, Length } from 'class-validator';
import { AbsentOrValid } from '../../http/absent-or-valid';
import { Trim } from '../../http/trim';
import { EMPLOYEE_ROLES, EmployeeRole } from '../employee.entity';
import { NAME_LENGTH } from './create-employee.request.dto';

/** Only the fields given change; at least one is required. */
export class UpdateEmployeeRequest {
  @ApiPropertyOptional({ example: 'Anna Petrova-Smirnova', minLength: 1, maxLength: 200 })
  @AbsentOrValid()
  @Trim()
  @IsString()
  @Length(NAME_LENGTH.min, NAME_LENGTH.max)
  name?: string;

  @ApiPropertyOptional({ enum: EMPLOYEE_ROLES, enumName: 'EmployeeRole', example: 'admin' })
  @AbsentOrValid()
  @IsIn(EMPLOYEE_ROLES, { message: `role must be one of ${EMPLOYEE_ROLES.join(', ')}` })
  role?: EmployeeRole;

  @ApiPropertyOptional({
    description: 'false deactivates: no login, and tokens already issued stop working',
    example: false,
  })
  @AbsentOrValid()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ description: 'true: away; auto-assignment skips them until set back to false', example: true })
  @AbsentOrValid()
  @IsBoolean()
  away?: boolean;
}
