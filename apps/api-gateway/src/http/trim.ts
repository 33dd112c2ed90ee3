import { Transform } from 'class-transformer';

/** Surrounding whitespace is never meant; non-strings pass through for the validators to reject. */
export const Trim = (): PropertyDecorator =>
  Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
