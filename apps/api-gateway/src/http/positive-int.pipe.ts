import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { CodedError, ErrorCode } from '@app/contracts';

/** Ids are Postgres `integer`s: anything outside 1..2^31-1 cannot name a row. */
export const MAX_ID = 2_147_483_647;

/** A path id such as `/tickets/42`: a positive integer, or 400 before anything else runs. */
@Injectable()
export class PositiveIntPipe implements PipeTransform<unknown, number> {
  transform(value: unknown, metadata: ArgumentMetadata): number {
    const text = String(value);
    const id = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
    if (!Number.isInteger(id) || id < 1 || id > MAX_ID) {
      throw new CodedError(
        ErrorCode.ValidationFailed,
        `${metadata.data ?? 'id'} must be a positive integer, got "${text.slice(0, 40)}"`,
      );
    }
    return id;
  }
}

/** The OpenAPI description of a path id that PositiveIntPipe reads. */
export const ApiIdParam = (description: string, name = 'id') =>
  ApiParam({ name, description, schema: { type: 'integer', minimum: 1, maximum: MAX_ID } });

/** A ticket's id in the path. No example: "Try it out" would fill it in, and act on a ticket nobody chose. */
export const TicketIdParam = () => ApiIdParam('Ticket id (#id)');
