/**
 * For endpoints that take no query parameters: with the global pipe's forbidNonWhitelisted, any
 * parameter given is refused with 400 instead of silently ignored.
 */
export class NoQueryParameters {}
