import { Inject, Injectable } from '@nestjs/common';
import {
  CodedError,
  ErrorCode,
  MessageView,
  Page,
  TicketHistoryEntry,
  TicketPriority,
  TicketRpc,
  TicketStatus,
  TicketView,
} from '@app/contracts';
import { JsonBytes, TICKET_SERVICE, TicketServiceClient } from '@app/messaging';
import { EmployeeDirectory } from '../employees/employee-directory';
import { Employee } from '../employees/employee.entity';
import { MAX_ID } from '../http/positive-int.pipe';
import { ListTicketsQuery } from './dto/list-tickets.query';
import { ConversationPageQuery } from './dto/conversation-page.query';

/**
 * What an employee does with tickets, on behalf of that employee. The tickets themselves live in
 * ticket-service; this adds what only the gateway knows: who "me" is, and which employees exist.
 */
@Injectable()
export class TicketDesk {
  constructor(
    @Inject(TICKET_SERVICE) private readonly tickets: TicketServiceClient,
    private readonly directory: EmployeeDirectory,
  ) {}

  /** As JSON text: the gateway only hands a page on (sendJsonBytes). */
  list(query: ListTicketsQuery, caller: Employee): Promise<JsonBytes<Page<TicketView>>> {
    return this.tickets.callForJson(TicketRpc.ListTickets, {
      status: query.status,
      assigneeId: assigneeFilter(query.assigneeId, caller),
      sort: query.sort,
      order: query.order,
      limit: query.limit,
      cursor: query.cursor,
      q: query.q,
      clientId: query.clientId === undefined ? undefined : Number(query.clientId),
      tags: query.tag,
      priority: query.priority,
      awaitingReply: query.awaitingReply === undefined ? undefined : query.awaitingReply === 'true',
      slaBreached: query.slaBreached,
    });
  }

  get(ticketId: number): Promise<TicketView> {
    return this.tickets.call(TicketRpc.GetTicket, { ticketId });
  }

  changeStatus(ticketId: number, status: TicketStatus, caller: Employee): Promise<TicketView> {
    return this.tickets.call(TicketRpc.ChangeStatus, { ticketId, status, employeeId: caller.id });
  }

  /** Only to an active employee: a ticket assigned to nobody who can work it would be lost. */
  async assign(ticketId: number, assigneeId: number | null, caller: Employee): Promise<TicketView> {
    if (assigneeId !== null) await this.directory.getActive(assigneeId);
    return this.tickets.call(TicketRpc.Assign, { ticketId, assigneeId, employeeId: caller.id });
  }

  /** As JSON text, like the list. */
  messages(ticketId: number, page: ConversationPageQuery): Promise<JsonBytes<Page<MessageView>>> {
    return this.tickets.callForJson(TicketRpc.ListMessages, {
      ticketId,
      limit: page.limit,
      cursor: page.cursor,
      order: page.order,
    });
  }

  reply(ticketId: number, text: string, caller: Employee, idempotencyKey?: string): Promise<MessageView> {
    return this.tickets.call(TicketRpc.Reply, { ticketId, text, employeeId: caller.id, idempotencyKey });
  }

  /** `{{employee.name}}` is the caller's name: only the gateway knows it. */
  replyCanned(ticketId: number, cannedReplyId: number, caller: Employee): Promise<MessageView> {
    return this.tickets.call(TicketRpc.ReplyCanned, {
      ticketId,
      cannedReplyId,
      employeeId: caller.id,
      employeeName: caller.name,
    });
  }

  addNote(ticketId: number, text: string, caller: Employee): Promise<MessageView> {
    return this.tickets.call(TicketRpc.AddNote, { ticketId, text, employeeId: caller.id });
  }

  setTags(ticketId: number, tags: string[], caller: Employee): Promise<TicketView> {
    return this.tickets.call(TicketRpc.SetTags, { ticketId, tags, employeeId: caller.id });
  }

  setPriority(ticketId: number, priority: TicketPriority, caller: Employee): Promise<TicketView> {
    return this.tickets.call(TicketRpc.SetPriority, { ticketId, priority, employeeId: caller.id });
  }

  history(ticketId: number): Promise<{ items: TicketHistoryEntry[] }> {
    return this.tickets.call(TicketRpc.GetHistory, { ticketId });
  }
}

function assigneeFilter(value: string | undefined, caller: Employee): number | 'none' | undefined {
  if (value === undefined || value === 'none') return value;
  if (value === 'me') return caller.id;
  const id = Number(value);
  if (id > MAX_ID) throw new CodedError(ErrorCode.ValidationFailed, 'assigneeId must be an employee id, me or none');
  return id;
}
