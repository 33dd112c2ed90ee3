import { Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { CodedError, ErrorCode } from '@app/contracts';
import { Employee } from '../employees/employee.entity';

/** Requires a valid bearer token of an active employee (JwtStrategy); says why when there is none. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
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
