import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { CodedError, ErrorCode } from '@app/contracts';

/**
 * The global pipe for bodies, query strings and params: unknown properties are refused (not silently
 * dropped), values are converted to the DTO's types, and failures become 400 VALIDATION_FAILED with
 * every problem named.
 */
export function requestValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new CodedError(ErrorCode.ValidationFailed, describe(errors).join('; ')),
  });
}

type QuickCheck = (value: unknown) => object | undefined;
const QUICK_CHECKS = new WeakMap<object, QuickCheck>();

/**
 * A hand-written check the pipe tries before class-transformer and class-validator, for a DTO on a hot route:
 * what it returns is used as the validated value; `undefined` hands the value to the decorators, which
 * decide and name what is wrong. It must never accept what the decorators would refuse.
 */
export const QuickCheckedBy =
  (check: QuickCheck): ClassDecorator =>
  (target) => {
    QUICK_CHECKS.set(target, check);
  };

function describe(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      parent ? message.replace(error.property, path) : message,
    );
    return [...own, ...describe(error.children ?? [], path)];
  });
}

/**
 * Leaves single path and query values as the strings they are: the default would turn `/tickets/abc`
 * into NaN and `/tickets/1e3` into 1000 before PositiveIntPipe could refuse them.
 */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const accepted = metadata.metatype && QUICK_CHECKS.get(metadata.metatype)?.(value);
    return accepted ?? super.transform(value, metadata);
  }

  protected transformPrimitive(value: unknown, _metadata: ArgumentMetadata): unknown {
    return value;
  }
}
