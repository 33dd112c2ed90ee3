import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class LoginRequest {
  @ApiProperty({ description: 'Case does not matter', example: 'admin@example.com', maxLength: 254 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'correct horse battery staple', maxLength: 256 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  password: string;
}
