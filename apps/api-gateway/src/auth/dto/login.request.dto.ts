import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class LoginRequest {
  @ApiProperty({ description: 'Case does not matter', example: 'admin@example.com', maxLength: 254 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  email: string;

  @ApiProperty({ description: 'The first admin’s is ADMIN_PASSWORD in .env', maxLength: 256 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  password: string;
}

/**
 * The login body as Swagger UI's "Try it out" fills it in: the password left for the person to type. A wrong
 * pre-filled password would answer 401 and count toward the lockout; an empty one is refused (400) before that.
 */
export const ApiLoginBody = () =>
  applyDecorators(
    ApiExtraModels(LoginRequest),
    ApiBody({
      schema: { $ref: getSchemaPath(LoginRequest) },
      examples: { login: { summary: 'Type your password', value: { email: 'admin@example.com', password: '' } } },
    }),
  );
