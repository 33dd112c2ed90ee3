import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, Length, MaxLength } from 'class-validator';
import { Trim } from '../../http/trim';
import { EMPLOYEE_ROLES, EmployeeRole } from '../employee.entity';

export const PASSWORD_LENGTH = { min: 8, max: 256 } as const;
export const NAME_LENGTH = { min: 1, max: 200 } as const;

export class CreateEmployeeRequest {
  @ApiProperty({ description: 'Login; unique regardless of case', example: 'anna@example.com', maxLength: 254 })
  @Trim()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({
    description: 'Stored only as an argon2id hash',
    example: 'correct horse battery',
    minLength: 8,
    maxLength: 256,
  })
  @IsString()
  @Length(PASSWORD_LENGTH.min, PASSWORD_LENGTH.max)
  password: string;

  @ApiProperty({ description: 'Shown to colleagues', example: 'Anna Petrova', minLength: 1, maxLength: 200 })
  @Trim()
  @IsString()
  @Length(NAME_LENGTH.min, NAME_LENGTH.max)
  name: string;

  @ApiProperty({
    description: 'admin: also manages employees; agent: works tickets',
    enum: EMPLOYEE_ROLES,
    enumName: 'EmployeeRole',
    example: 'agent',
  })
  @IsIn(EMPLOYEE_ROLES, { message: `role must be one of ${EMPLOYEE_ROLES.join(', ')}` })
  role: EmployeeRole;
}
