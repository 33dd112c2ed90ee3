import { Employees1733100000000 } from './1733100000000-employees';
import { EmployeeAwayAndOutbox1735500000000 } from './1735500000000-employee-away-and-outbox';

/** In order; a migration once released is never edited, only followed by a new one. */
export const AUTH_MIGRATIONS = [Employees1733100000000, EmployeeAwayAndOutbox1735500000000];
