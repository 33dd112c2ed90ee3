import { ValidateIf } from 'class-validator';

/**
 * For optional PATCH fields: absent means "leave it", but `null` is validated like any value and so refused
 * (class-validator's `@IsOptional` lets null through, which would reach a NOT NULL column as a 500).
 */
export const AbsentOrValid = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);
