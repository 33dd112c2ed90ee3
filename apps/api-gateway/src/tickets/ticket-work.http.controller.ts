import { Body, Controller, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorCode, MessageView, TicketHistoryEntry, TicketView } from '@app/contracts';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentEmployee } from '../auth/authenticated-request';
import { RequireRole } from '../auth/roles.guard';
import { Employee } from '../employees/employee.entity';
import { ApiErrorResponses, UPSTREAM_ERRORS } from '../http/api-error-responses';
import { NoQueryParameters } from '../http/no-query';
import { PositiveIntPipe, TicketIdParam } from '../http/positive-int.pipe';
import { IDEMPOTENCY_ERRORS, Idempotent } from '../idempotency/idempotent.decorator';
import { MessageResponse } from './dto/message.response.dto';
import { TicketHistoryResponse } from './dto/ticket-history.response.dto';
import { AddNoteRequest, SetPriorityRequest, SetTagsRequest } from './dto/ticket-work.request.dto';
import { TicketResponse } from './dto/ticket.response.dto';
import { TicketDesk } from './ticket-desk';

/** Agent work on one ticket beyond take-reply-close: notes, tags, priority, and (admins) the audit trail. */
@ApiTags('tickets')
@Authenticated()
@ApiErrorResponses(...UPSTREAM_ERRORS)
@Controller('tickets')
export class TicketWorkHttpController {
  constructor(private readonly desk: TicketDesk) {}

  @Post(':id/notes')
  @Idempotent()
  @ApiOperation({
    summary: 'Add an internal note',
    description:
      'Shown to employees in the conversation (`kind: note`), never sent to the client; allowed on closed tickets.',
  })
  @TicketIdParam()
  @ApiCreatedResponse({ type: MessageResponse })
  @ApiErrorResponses(ErrorCode.ValidationFailed, ErrorCode.TicketNotFound, ...IDEMPOTENCY_ERRORS)
  addNote(
    @Param('id', PositiveIntPipe) id: number,
    @Body() request: AddNoteRequest,
    @CurrentEmployee() caller: Employee,
  ): Promise<MessageView> {
    return this.desk.addNote(id, request.text, caller);
  }

  @Put(':id/tags')
  @ApiOperation({
    summary: 'Replace the tags',
    description: 'Normalised (trimmed, lower-cased, each once); recorded in the history.',
  })
  @TicketIdParam()
  @ApiOkResponse({ type: TicketResponse, description: 'The ticket after the change' })
  @ApiErrorResponses(ErrorCode.ValidationFailed, ErrorCode.TicketNotFound)
  setTags(
    @Param('id', PositiveIntPipe) id: number,
    @Body() request: SetTagsRequest,
    @CurrentEmployee() caller: Employee,
  ): Promise<TicketView> {
    return this.desk.setTags(id, request.tags, caller);
  }

  @Patch(':id/priority')
  @ApiOperation({ summary: 'Set the priority', description: '`normal` by default; recorded in the history.' })
  @TicketIdParam()
  @ApiOkResponse({ type: TicketResponse, description: 'The ticket after the change' })
  @ApiErrorResponses(ErrorCode.ValidationFailed, ErrorCode.TicketNotFound)
  setPriority(
    @Param('id', PositiveIntPipe) id: number,
    @Body() request: SetPriorityRequest,
    @CurrentEmployee() caller: Employee,
  ): Promise<TicketView> {
    return this.desk.setPriority(id, request.priority, caller);
  }

  @Get(':id/history')
  @RequireRole('admin')
  @ApiOperation({
    summary: 'The audit trail (admin only)',
    description:
      'Every change of status, assignee, priority and tags: who (null: the desk itself), when, from what, to what; oldest first.',
  })
  @TicketIdParam()
  @ApiOkResponse({ type: TicketHistoryResponse })
  @ApiErrorResponses(ErrorCode.ValidationFailed, ErrorCode.TicketNotFound)
  history(
    @Param('id', PositiveIntPipe) id: number,
    @Query() _query: NoQueryParameters,
  ): Promise<{ items: TicketHistoryEntry[] }> {
    return this.desk.history(id);
  }
}
