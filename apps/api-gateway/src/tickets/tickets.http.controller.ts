import { Body, Controller, Get, Headers, Param, Patch, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CodedError, ErrorCode, MessageView, TicketView } from '@app/contracts';
import { ApiFileReply } from './attachments/api-file-reply.decorator';
import { FileReplyInterceptor } from './attachments/file-reply.interceptor';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentEmployee } from '../auth/authenticated-request';
import { Employee } from '../employees/employee.entity';
import { ApiErrorResponses, UPSTREAM_ERRORS } from '../http/api-error-responses';
import { sendJsonBytes } from '../http/json-bytes';
import { PositiveIntPipe, TicketIdParam } from '../http/positive-int.pipe';
import { IDEMPOTENCY_KEY_HEADER } from '../idempotency/idempotency.interceptor';
import { IDEMPOTENCY_ERRORS, Idempotent } from '../idempotency/idempotent.decorator';
import { ApiAgentWorkFilters, ApiStatusFilter, ListTicketsQuery } from './dto/list-tickets.query';
import { MessagePage, MessageResponse } from './dto/message.response.dto';
import { ConversationPageQuery } from './dto/conversation-page.query';
import {
  ApiReplyBody,
  AssignTicketRequest,
  ChangeStatusRequest,
  ReplyRequest,
} from './dto/ticket-commands.request.dto';
import { TicketPage, TicketResponse } from './dto/ticket.response.dto';
import { TicketDesk } from './ticket-desk';

@ApiTags('tickets')
@Authenticated()
@ApiErrorResponses(...UPSTREAM_ERRORS)
@Controller('tickets')
export class TicketsHttpController {
  constructor(private readonly desk: TicketDesk) {}

  @Get()
  @ApiOperation({
    summary: 'List tickets',
    description: 'Filtered, sorted, and paged by an opaque keyset cursor that stays stable while tickets change.',
  })
  @ApiStatusFilter()
  @ApiAgentWorkFilters()
  @ApiOkResponse({ type: TicketPage })
  @ApiErrorResponses(ErrorCode.ValidationFailed, ErrorCode.InvalidCursor)
  async list(
    @Query() query: ListTicketsQuery,
    @CurrentEmployee() caller: Employee,
    @Res() response: Response,
  ): Promise<void> {
    sendJsonBytes(response, await this.desk.list(query, caller));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One ticket' })
  @TicketIdParam()
  @ApiOkResponse({ type: TicketResponse })
  @ApiErrorResponses(ErrorCode.ValidationFailed, ErrorCode.TicketNotFound)
  get(@Param('id', PositiveIntPipe) id: number): Promise<TicketView> {
    return this.desk.get(id);
  }

  @Patch(':id/status')
  @ApiOperation({
    summary: 'Change the status',
    description:
      'The client is told in Telegram. Taking a ticket (`in_progress`) assigns it to the caller if it had no assignee. ' +
      'The status it already has is a no-op. A closed ticket is final (409 TICKET_CLOSED).',
  })
  @TicketIdParam()
  @ApiOkResponse({ type: TicketResponse, description: 'The ticket after the change' })
  @ApiErrorResponses(
    ErrorCode.ValidationFailed,
    ErrorCode.TicketNotFound,
    ErrorCode.TicketClosed,
    ErrorCode.InvalidTransition,
  )
  changeStatus(
    @Param('id', PositiveIntPipe) id: number,
    @Body() request: ChangeStatusRequest,
    @CurrentEmployee() caller: Employee,
  ): Promise<TicketView> {
    return this.desk.changeStatus(id, request.status, caller);
  }

  @Patch(':id/assignee')
  @ApiOperation({ summary: 'Assign to an active employee, or unassign with null' })
  @TicketIdParam()
  @ApiOkResponse({ type: TicketResponse, description: 'The ticket after the change' })
  @ApiErrorResponses(
    ErrorCode.ValidationFailed,
    ErrorCode.TicketNotFound,
    ErrorCode.EmployeeNotFound,
    ErrorCode.TicketClosed,
  )
  assign(
    @Param('id', PositiveIntPipe) id: number,
    @Body() request: AssignTicketRequest,
    @CurrentEmployee() caller: Employee,
  ): Promise<TicketView> {
    return this.desk.assign(id, request.assigneeId, caller);
  }

  @Get(':id/messages')
  @ApiOperation({ summary: 'The conversation, oldest first (`order=desc`: newest first), paged like the list' })
  @TicketIdParam()
  @ApiOkResponse({ type: MessagePage })
  @ApiErrorResponses(ErrorCode.ValidationFailed, ErrorCode.InvalidCursor, ErrorCode.TicketNotFound)
  async messages(
    @Param('id', PositiveIntPipe) id: number,
    @Query() page: ConversationPageQuery,
    @Res() response: Response,
  ): Promise<void> {
    sendJsonBytes(response, await this.desk.messages(id, page));
  }

  @Post(':id/messages')
  @ApiOperation({
    summary: 'Reply to the client',
    description:
      'Stored, then delivered to the client’s chat as plain text; `deliveryStatus` follows the delivery. ' +
      'With `cannedReplyId` instead of `text`: that canned reply, in the client’s language, placeholders filled. Send an ' +
      '`Idempotency-Key` header to retry safely (e.g. after a 504): the same key returns the first reply, never a second message.',
  })
  @Idempotent()
  @TicketIdParam()
  @ApiReplyBody()
  @ApiCreatedResponse({ type: MessageResponse })
  @ApiErrorResponses(
    ErrorCode.ValidationFailed,
    ErrorCode.TicketNotFound,
    ErrorCode.TicketClosed,
    ErrorCode.CannedReplyNotFound,
    ...IDEMPOTENCY_ERRORS,
  )
  @ApiFileReply()
  @UseInterceptors(FileReplyInterceptor)
  reply(
    @Param('id', PositiveIntPipe) id: number,
    @Body() request: ReplyRequest,
    @CurrentEmployee() caller: Employee,
    @Headers(IDEMPOTENCY_KEY_HEADER) idempotencyKey?: string,
  ): Promise<MessageView> {
    if (request.text !== undefined && request.cannedReplyId !== undefined) {
      throw new CodedError(ErrorCode.ValidationFailed, 'Give either text or cannedReplyId, not both');
    }
    if (request.cannedReplyId !== undefined) return this.desk.replyCanned(id, request.cannedReplyId, caller);
    return this.desk.reply(id, request.text!, caller, idempotencyKey);
  }
}
