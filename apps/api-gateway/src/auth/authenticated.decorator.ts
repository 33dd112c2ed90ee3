import { UseGuards, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ErrorCode } from '@app/contracts';
import { ApiErrorResponses } from '../http/api-error-responses';
import { BEARER_AUTH } from '../http/openapi';
import { JwtAuthGuard } from './jwt-auth.guard';
import { RolesGuard } from './roles.guard';

/** The endpoint (or every endpoint of the controller) needs the bearer token of an active employee. */
export function Authenticated(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    UseGuards(JwtAuthGuard, RolesGuard),
    ApiBearerAuth(BEARER_AUTH),
    ApiErrorResponses(ErrorCode.Unauthorized),
  );
}
