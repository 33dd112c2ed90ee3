import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { SORT_ORDERS, SortOrder } from '@app/contracts';
import { PageQuery } from './page.query';

/** A conversation's page: oldest first by default; `desc` gives the newest first, to page backwards. */
export class ConversationPageQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'asc: oldest first; desc: newest first', enum: SORT_ORDERS, default: 'asc' })
  @IsOptional()
  @IsIn(SORT_ORDERS, { message: `order must be one of ${SORT_ORDERS.join(', ')}` })
  order?: SortOrder;
}
