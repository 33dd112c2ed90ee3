import { Employees1733100000000 } from './1733100000000-employees';
import { LoginDelays1735200000000 } from './1735200000000-login-delays';
import { TokenVersion1735200000001 } from './1735200000001-token-version';
import { IdempotencyKeys1735200000002 } from './1735200000002-idempotency-keys';
import { EmployeeAwayAndOutbox1735500000000 } from './1735500000000-employee-away-and-outbox';
import { OutboxTraceContext1735600000000 } from './1735600000000-outbox-trace-context';

/** In order; a migration once released is never edited, only followed by a new one. */
export const AUTH_MIGRATIONS = [
  Employees1733100000000,
  LoginDelays1735200000000,
  TokenVersion1735200000001,
  IdempotencyKeys1735200000002,
  EmployeeAwayAndOutbox1735500000000,
  OutboxTraceContext1735600000000,
];
