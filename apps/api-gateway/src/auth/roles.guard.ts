import { CanActivate, ExecutionContext, Injectable, SetMetadata, applyDecorators } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CodedError, ErrorCode } from '@app/contracts';
import { ApiErrorResponses } from '../http/api-error-responses';
import { EmployeeRole } from '../employees/employee.entity';
import { AuthenticatedRequest } from './authenticated-request';

const REQUIRED_ROLES = Symbol('REQUIRED_ROLES');

/** Only employees with one of these roles may call the endpoint (403 FORBIDDEN otherwise). */
export function RequireRole(...roles: EmployeeRole[]): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(REQUIRED_ROLES, roles), ApiErrorResponses(ErrorCode.Forbidden));
}

/** Runs after JwtAuthGuard: the employee is known, and only their role is checked here. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<EmployeeRole[] | undefined>(REQUIRED_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles?.length) return true;
    const { user } = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (roles.includes(user.role)) return true;
    throw new CodedError(ErrorCode.Forbidden, `Only ${roles.map((role) => `an ${role}`).join(' or ')} may do this`);
  }
}
