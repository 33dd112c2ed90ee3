import { Body, Controller, Get, HttpCode, HttpStatus, Ip, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '@app/contracts';
import { ApiErrorResponses } from '../http/api-error-responses';
import { Employee } from '../employees/employee.entity';
import { EmployeeResponse, toEmployeeResponse } from '../employees/dto/employee.response.dto';
import { Authenticated } from './authenticated.decorator';
import { CurrentEmployee } from './authenticated-request';
import { AccessTokenResponse } from './dto/access-token.response.dto';
import { ChangePasswordRequest } from './dto/change-password.request.dto';
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
      'Exchanges email and password for a bearer token. After repeated failures for one email from one IP ' +
      '(default 5), or from one IP for any email (default 20), each further attempt from there must wait ' +
      '(1 s, 2 s, 4 s, … up to 15 minutes) and gets 429 with Retry-After until then. Other IPs are not slowed.',
  })
  @ApiLoginBody()
  @ApiOkResponse({ type: AccessTokenResponse, description: 'The token to send as `Authorization: Bearer <token>`' })
  @ApiErrorResponses(ErrorCode.ValidationFailed, ErrorCode.InvalidCredentials, ErrorCode.TooManyRequests)
  login(@Body() request: LoginRequest, @Ip() ip: string | undefined): Promise<AccessTokenResponse> {
    return this.logins.login(request.email, request.password, ip ?? 'unknown');
  }

  @Post('password')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({
    summary: 'Change your own password',
    description:
      'Needs the current password (counted like a login attempt). Answers a new token; every token issued before, ' +
      'on any device, stops working.',
  })
  @ApiOkResponse({ type: AccessTokenResponse, description: 'A new token to use from now on' })
  @ApiErrorResponses(ErrorCode.ValidationFailed, ErrorCode.CurrentPasswordWrong, ErrorCode.TooManyRequests)
  changePassword(
    @CurrentEmployee() caller: Employee,
    @Body() request: ChangePasswordRequest,
    @Ip() ip: string | undefined,
  ): Promise<AccessTokenResponse> {
    return this.logins.changeOwnPassword(caller, request.currentPassword, request.newPassword, ip ?? 'unknown');
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'The employee behind the token' })
  @ApiOkResponse({ type: EmployeeResponse })
  me(@CurrentEmployee() employee: Employee): EmployeeResponse {
    return toEmployeeResponse(employee);
  }
}
