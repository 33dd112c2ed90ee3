import { CodedError, ErrorCode } from '@app/contracts';
import { rpcOutcome } from './messaging-telemetry';

/** The outcome label of an RPC: a few known values, never free text from an error message. */
describe('rpcOutcome', () => {
  it('names a success ok, a missed deadline timeout, and an error by its code', () => {
    expect(rpcOutcome(undefined)).toBe('ok');
    expect(rpcOutcome(new CodedError(ErrorCode.UpstreamTimeout, 'No answer'))).toBe('timeout');
    expect(rpcOutcome(new CodedError(ErrorCode.TicketClosed, 'Ticket #4 is closed'))).toBe('TICKET_CLOSED');
    expect(rpcOutcome({ code: ErrorCode.ServiceUnavailable, message: 'down' })).toBe('SERVICE_UNAVAILABLE');
  });

  it('folds anything without one of the contract’s codes into INTERNAL', () => {
    expect(rpcOutcome(new Error('socket hang up'))).toBe(ErrorCode.Internal);
    expect(rpcOutcome({ code: 'ECONNRESET' })).toBe(ErrorCode.Internal);
    expect(rpcOutcome({ code: 'read 10.0.0.7:5672 failed' })).toBe(ErrorCode.Internal);
  });
});
