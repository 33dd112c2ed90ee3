import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { PASSWORD_LENGTH } from './create-employee.request.dto';

export class ResetPasswordRequest {
  @ApiProperty({
    description: 'The employee’s new password; tell it to them out of band',
    example: 'a temporary passphrase',
    minLength: 8,
    maxLength: 256,
  })
  @IsString()
  @Length(PASSWORD_LENGTH.min, PASSWORD_LENGTH.max)
  password: string;
}
