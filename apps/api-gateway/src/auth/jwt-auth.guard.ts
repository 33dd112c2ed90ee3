import { ExecutionContext, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { CodedError, ErrorCode } from '@app/contracts';
import { Employee } from '../employees/employee.entity';
import { AuthenticatedRequest } from './authenticated-request';
import { EmployeeAuthentication } from './employee-authentication';
import { bearerToken } from './jwt.strategy';

/**
 * Requires a valid bearer token of an active employee; says why when there is none. A token this replica has
 * verified before (EmployeeAuthentication remembers it until it expires) needs no signature check, so it does
 * not go through passport at all: passport's per-request machinery (a middleware, a strategy object and their
 * closures and promises) was 4 % of the gateway's CPU and an eighth of its allocations under the list
 * (bench/README.md). Its employee is still looked up. Any other token goes to passport and JwtStrategy.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  private authentication?: EmployeeAuthentication;

  // ModuleRef rather than EmployeeAuthentication itself: a guard is made in every module whose controllers use
  // it, and AuthModule's providers are not imported into all of them.
  constructor(private readonly moduleRef: ModuleRef) {
    super();
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request);
    this.authentication ??= this.moduleRef.get(EmployeeAuthentication, { strict: false });
    const claims = token ? this.authentication.claimsVerifiedBefore(token) : undefined;
    if (!claims) return (await super.canActivate(context)) as boolean;
    request.user = await this.authentication.employeeFor(claims);
    return true;
  }

  handleRequest<TUser = Employee>(error: unknown, employee: TUser | false, info: unknown): TUser {
    if (error) throw error;
    if (!employee) throw new CodedError(ErrorCode.Unauthorized, describeTokenProblem(info));
    return employee;
  }
}

function describeTokenProblem(info: unknown): string {
  const name = (info as { name?: string } | undefined)?.name;
  if (name === 'TokenExpiredError') return 'The token has expired; log in again';
  if (name === 'JsonWebTokenError' || name === 'NotBeforeError') return 'The token is invalid';
  return 'A bearer token is required (Authorization: Bearer <token> from POST /auth/login)';
}
