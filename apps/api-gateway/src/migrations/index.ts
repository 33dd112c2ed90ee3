import { AuthSchema1733100000000 } from './1733100000000-auth-schema';

/** In order; a migration once released is never edited, only followed by a new one. */
export const AUTH_MIGRATIONS = [AuthSchema1733100000000];
