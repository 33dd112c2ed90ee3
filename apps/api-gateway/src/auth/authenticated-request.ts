import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import { Employee } from '../employees/employee.entity';

/** A request that passed JwtAuthGuard: `user` is the active employee behind the token. */
export type AuthenticatedRequest = Request & { user: Employee };

/** The employee behind the bearer token of this request. */
export const CurrentEmployee = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Employee =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().user,
);
