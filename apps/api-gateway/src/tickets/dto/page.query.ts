import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PAGE_LIMIT } from '@app/contracts';

/** "20" becomes 20; anything that is not all digits stays as it is, for IsInt to refuse. */
const toInteger = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value;
const LIMIT_MESSAGE = `limit must be an integer from ${PAGE_LIMIT.min} to ${PAGE_LIMIT.max}`;

/** `limit` and `cursor`, shared by every paged list. */
export class PageQuery {
  @ApiPropertyOptional({
    description: 'Items per page',
    type: 'integer',
    minimum: PAGE_LIMIT.min,
    maximum: PAGE_LIMIT.max,
    default: PAGE_LIMIT.default,
  })
  @IsOptional()
  @Transform(toInteger)
  @IsInt({ message: LIMIT_MESSAGE })
  @Min(PAGE_LIMIT.min, { message: LIMIT_MESSAGE })
  @Max(PAGE_LIMIT.max, { message: LIMIT_MESSAGE })
  limit?: number;

  @ApiPropertyOptional({
    description: 'Opaque: the `nextCursor` of the previous page (leave empty for the first page)',
    maxLength: 512,
  })
  @IsOptional()
  @IsString({ message: 'cursor must be given once, as a string' })
  @MaxLength(512)
  cursor?: string;
}
