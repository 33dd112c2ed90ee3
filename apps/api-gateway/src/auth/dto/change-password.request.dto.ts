import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Length, MaxLength } from 'class-validator';
import { PASSWORD_LENGTH } from '../../employees/dto/create-employee.request.dto';

export class ChangePasswordRequest {
  @ApiProperty({ description: 'The password in use now', example: 'correct horse battery', maxLength: 256 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_LENGTH.max)
  currentPassword: string;

  @ApiProperty({
    description: 'Stored only as an argon2id hash',
    example: 'a new and longer passphrase',
    minLength: 8,
    maxLength: 256,
  })
  @IsString()
  @Length(PASSWORD_LENGTH.min, PASSWORD_LENGTH.max)
  newPassword: string;
}
