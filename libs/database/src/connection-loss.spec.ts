import { QueryFailedError } from 'typeorm';
import { isConnectionLoss } from './connection-loss';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('isConnectionLoss', () => {
  it('recognises a terminated backend, a dropped socket and a pool that cannot connect', () => {
    const terminated = pgError('57P01', 'terminating connection due to administrator command');
    expect(isConnectionLoss(new QueryFailedError('SELECT 1', [], terminated))).toBe(true);
    expect(isConnectionLoss(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionLoss(pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'))).toBe(true);
    expect(isConnectionLoss(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it('leaves errors of the statement itself alone', () => {
    expect(isConnectionLoss(new QueryFailedError('INSERT', [], pgError('23505', 'duplicate key value')))).toBe(false);
    expect(isConnectionLoss(new QueryFailedError('INSERT', [], pgError('22021', 'invalid byte sequence')))).toBe(false);
    expect(isConnectionLoss(new TypeError('x is not a function'))).toBe(false);
  });
});
