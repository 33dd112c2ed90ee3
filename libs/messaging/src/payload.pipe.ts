import { PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { CodedError, ErrorCode, withStorableText } from '@app/contracts';

/**
 * Validates an incoming RPC request or event against its contract schema, its text first made storable
 * (U+0000 and lone surrogates replaced): text that enters a service is text Postgres can hold.
 */
export class ContractPipe<S extends z.ZodTypeAny> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    const result = this.schema.safeParse(withStorableText(value));
    if (result.success) return result.data;
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`);
    throw new CodedError(ErrorCode.MalformedMessage, `Malformed message: ${problems.join('; ')}`, result.error.issues);
  }
}
