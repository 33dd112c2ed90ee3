import { ExecutionContext, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { CodedError, ErrorCode } from '@app/contracts';
import { Employee } from '../employees/employee.entity';
import { AuthenticatedRequest } from './authenticated-request';
import { JwtStrategy, bearerToken } from './jwt.strategy';

/**
 * Requires a valid bearer token of an active employee; says why when there is none. A token this replica
 * has verified before (and not yet expired) skips passport's signature check; the employee is still
 * looked up, so deactivation applies as before.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  private strategy?: JwtStrategy;

  // The guard is instantiated in every module that uses it; the strategy lives in AuthModule.
  constructor(private readonly modules: ModuleRef) {
    super();
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request);
    this.strategy ??= this.modules.get(JwtStrategy, { strict: false });
    const claims = token ? this.strategy.verified.claimsOf(token) : undefined;
    if (!claims) return (await super.canActivate(context)) as boolean;
    request.user = await this.strategy.employeeFor(claims);
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
