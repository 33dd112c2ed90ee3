import { Employees1733100000000 } from './1733100000000-employees';

/** In order; a migration once released is never edited, only followed by a new one. */
export const AUTH_MIGRATIONS = [Employees1733100000000];
