import { BadRequestException, HttpStatus, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { CodedError, ErrorCode } from '@app/contracts';
import { HTTP_STATUS_BY_CODE } from './error-status';
import { HttpErrorFilter } from './http-error.filter';

describe('HttpErrorFilter', () => {
  const filter = new HttpErrorFilter();
  // The 500 cases log on purpose; keep the test output clean.
  beforeAll(() =>
    jest
      .spyOn((filter as unknown as { logger: { error: () => void } }).logger, 'error')
      .mockImplementation(() => undefined),
  );

  it.each([
    [ErrorCode.ValidationFailed, 400],
    [ErrorCode.MalformedMessage, 400],
    [ErrorCode.InvalidCursor, 400],
    [ErrorCode.Unauthorized, 401],
    [ErrorCode.InvalidCredentials, 401],
    [ErrorCode.Forbidden, 403],
    [ErrorCode.TicketNotFound, 404],
    [ErrorCode.EmployeeNotFound, 404],
    [ErrorCode.NotFound, 404],
    [ErrorCode.TicketClosed, 409],
    [ErrorCode.InvalidTransition, 409],
    [ErrorCode.EmailTaken, 409],
    [ErrorCode.LastAdmin, 409],
    [ErrorCode.TooManyRequests, 429],
    [ErrorCode.ServiceUnavailable, 503],
    [ErrorCode.UpstreamTimeout, 504],
  ])('answers %s with %i, keeping the code and message', (code, status) => {
    expect(filter.toErrorResponse(new CodedError(code, 'what happened'))).toEqual({
      statusCode: status,
      code,
      message: 'what happened',
    });
  });

  it('has a status for every code of the contracts', () => {
    expect(Object.keys(HTTP_STATUS_BY_CODE).sort()).toEqual(Object.values(ErrorCode).sort());
  });

  it('hides internal errors, and codes it does not know, behind 500 INTERNAL', () => {
    const internal = { statusCode: 500, code: ErrorCode.Internal, message: 'Internal error' };
    expect(filter.toErrorResponse(new Error('password=hunter2 at db.ts:12'))).toEqual(internal);
    expect(filter.toErrorResponse(new CodedError(ErrorCode.Internal, 'relation "x" does not exist'))).toEqual(internal);
    expect(filter.toErrorResponse(new CodedError('SOMETHING_NEW' as ErrorCode, 'stack trace'))).toEqual(internal);
  });

  it('gives Nest’s own HTTP errors a code from their status', () => {
    expect(filter.toErrorResponse(new NotFoundException('Cannot GET /x'))).toEqual({
      statusCode: 404,
      code: ErrorCode.NotFound,
      message: 'Cannot GET /x',
    });
    expect(filter.toErrorResponse(new BadRequestException(['a is wrong', 'b is wrong']))).toEqual({
      statusCode: HttpStatus.BAD_REQUEST,
      code: ErrorCode.ValidationFailed,
      message: 'a is wrong; b is wrong',
    });
  });

  it('names the dependencies that are down when readiness fails', () => {
    const report = {
      status: 'error',
      info: { postgres: { status: 'up' } },
      error: { rabbitmq: { status: 'down', message: 'not connected' } },
    };
    expect(filter.toErrorResponse(new ServiceUnavailableException(report))).toEqual({
      statusCode: 503,
      code: ErrorCode.ServiceUnavailable,
      message: 'Not ready: rabbitmq (not connected)',
    });
  });
});
