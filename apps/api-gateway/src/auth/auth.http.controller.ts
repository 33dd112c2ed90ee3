import { Body, Controller, Get, HttpCode, HttpStatus, Ip, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '@app/contracts';
import { ApiErrorResponses } from '../http/api-error-responses';
import { Employee } from '../employees/employee.entity';
import { EmployeeResponse, toEmployeeResponse } from '../employees/dto/employee.response.dto';
import { Authenticated } from './authenticated.decorator';
import { CurrentEmployee } from './authenticated-request';
import { AccessTokenResponse } from './dto/access-token.response.dto';
import { ApiLoginBody, LoginRequest } from './dto/login.request.dto';
import { LoginService } from './login.service';

@ApiTags('auth')
@ApiErrorResponses(ErrorCode.Internal)
@Controller('auth')
export class AuthHttpController {
  constructor(private readonly logins: LoginService) {}

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Log in',
    description:
      'Exchanges email and password for a bearer token. Repeated failures for one email (default 5) or from one ' +
      'IP (default 20) within 15 minutes lock further attempts out with 429 until the window ends.',
  })
  @ApiLoginBody()
  @ApiOkResponse({ type: AccessTokenResponse, description: 'The token to send as `Authorization: Bearer <token>`' })
  @ApiErrorResponses(ErrorCode.ValidationFailed, ErrorCode.InvalidCredentials, ErrorCode.TooManyRequests)
  login(@Body() request: LoginRequest, @Ip() ip: string | undefined): Promise<AccessTokenResponse> {
    return this.logins.login(request.email, request.password, ip ?? 'unknown');
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'The employee behind the token' })
  @ApiOkResponse({ type: EmployeeResponse })
  me(@CurrentEmployee() employee: Employee): EmployeeResponse {
    return toEmployeeResponse(employee);
  }
}
