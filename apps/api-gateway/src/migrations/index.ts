/** In order; a migration once released is never edited, only followed by a new one. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const AUTH_MIGRATIONS: Function[] = [];
