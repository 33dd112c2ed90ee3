import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';

/**
 * SQLSTATE classes and codes that mean "the database went away", not "this statement is wrong":
 * 08 connection exception, 57P01-57P03 (terminated by an administrator, crash shutdown, cannot connect now),
 * 53300 too many connections.
 */
const UNAVAILABLE_CODES = /^(08...|57P0[123]|53300)$/;
/** What node-postgres and the pool say when a connection dies or cannot be made (they carry no SQLSTATE). */
const UNAVAILABLE_MESSAGES =
  /Connection terminated|terminating connection|Client has encountered a connection error|timeout exceeded when trying to connect|ECONNREFUSED|ECONNRESET|EPIPE|Client was closed/i;

/** True when a database error is the connection's fault: trying again on a new connection may work. */
export function isConnectionLoss(error: unknown): boolean {
  // TypeORM releases a transaction's runner when its connection reports an error (Postgres ended it between two
  // statements, say); the transaction's next statement then throws one of these instead of a connection error.
  if (error instanceof QueryRunnerAlreadyReleasedError || error instanceof QueryRunnerProviderAlreadyReleasedError) {
    return true;
  }
  for (let cause = error, depth = 0; cause && depth < 4; depth += 1) {
    const { code, message, driverError } = cause as { code?: unknown; message?: unknown; driverError?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_CODES.test(code)) return true;
    if (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT)$/.test(code)) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
    cause = driverError ?? (cause as { cause?: unknown }).cause;
  }
  return false;
}
