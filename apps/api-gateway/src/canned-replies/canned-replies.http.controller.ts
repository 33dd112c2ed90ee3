import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CannedReplyView, CodedError, ErrorCode, TicketRpc } from '@app/contracts';
import { TICKET_SERVICE, TicketServiceClient } from '@app/messaging';
import { Authenticated } from '../auth/authenticated.decorator';
import { RequireRole } from '../auth/roles.guard';
import { ApiErrorResponses, UPSTREAM_ERRORS } from '../http/api-error-responses';
import { NoQueryParameters } from '../http/no-query';
import { ApiIdParam, PositiveIntPipe } from '../http/positive-int.pipe';
import { IDEMPOTENCY_ERRORS, Idempotent } from '../idempotency/idempotent.decorator';
import { CannedReplyResponse, CreateCannedReplyRequest, UpdateCannedReplyRequest } from './dto/canned-reply.dto';

/** The team's prepared answers: admins write them, everyone reads them (and sends them with POST /tickets/{id}/messages). */
@ApiTags('canned-replies')
@Authenticated()
@ApiErrorResponses(...UPSTREAM_ERRORS)
@Controller('canned-replies')
export class CannedRepliesHttpController {
  constructor(@Inject(TICKET_SERVICE) private readonly tickets: TicketServiceClient) {}

  @Get()
  @ApiOperation({ summary: 'List canned replies, by title' })
  @ApiOkResponse({ type: [CannedReplyResponse] })
  @ApiErrorResponses(ErrorCode.ValidationFailed)
  list(@Query() _query: NoQueryParameters): Promise<CannedReplyView[]> {
    return this.tickets.call(TicketRpc.ListCannedReplies, {});
  }

  @Post()
  @Idempotent()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Create a canned reply (admin only)' })
  @ApiCreatedResponse({ type: CannedReplyResponse })
  @ApiErrorResponses(ErrorCode.ValidationFailed, ...IDEMPOTENCY_ERRORS)
  create(@Body() request: CreateCannedReplyRequest): Promise<CannedReplyView> {
    return this.tickets.call(TicketRpc.CreateCannedReply, { title: request.title, texts: request.texts });
  }

  @Patch(':id')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Change a canned reply (admin only)' })
  @ApiIdParam('Canned reply id')
  @ApiOkResponse({ type: CannedReplyResponse })
  @ApiErrorResponses(ErrorCode.ValidationFailed, ErrorCode.CannedReplyNotFound)
  update(
    @Param('id', PositiveIntPipe) id: number,
    @Body() request: UpdateCannedReplyRequest,
  ): Promise<CannedReplyView> {
    if (request.title === undefined && request.texts === undefined) {
      throw new CodedError(ErrorCode.ValidationFailed, 'Give at least one of title, texts');
    }
    return this.tickets.call(TicketRpc.UpdateCannedReply, { id, title: request.title, texts: request.texts });
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Delete a canned reply (admin only)',
    description: 'Replies already sent from it stay as they were sent.',
  })
  @ApiIdParam('Canned reply id')
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrorResponses(ErrorCode.ValidationFailed, ErrorCode.CannedReplyNotFound)
  async delete(@Param('id', PositiveIntPipe) id: number): Promise<void> {
    await this.tickets.call(TicketRpc.DeleteCannedReply, { id });
  }
}
