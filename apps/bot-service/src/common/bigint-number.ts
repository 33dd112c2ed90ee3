import { ValueTransformer } from 'typeorm';

/** Telegram ids exceed 2^31 but stay below 2^53: pg hands bigint over as a string, the code uses numbers. */
export const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
