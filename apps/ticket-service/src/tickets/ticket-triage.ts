import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  CodedError,
  ErrorCode,
  SetPriorityCommand,
  SetTagsCommand,
  TAG_LIMITS,
  TicketView,
  normaliseTags,
} from '@app/contracts';
import { recordChange } from './ticket-history';
import { priorityOf, priorityRank } from './ticket-priority';
import { loadTicket } from './ticket-store';
import { readTicketView } from './ticket.view';
import { ticketFeed } from '../feed/ticket-feed';

/**
 * How urgent a ticket is and what it is about: priority and tags. Allowed on closed tickets too (triage and
 * reporting go on after the conversation ends). Each change locks the ticket row, so two agents changing
 * one ticket at once take turns: the later sees, and records in the history, what the earlier set.
 */
@Injectable()
export class TicketTriage {
  private readonly logger = new Logger(TicketTriage.name);

  constructor(private readonly dataSource: DataSource) {}

  async setTags({ ticketId, employeeId, tags }: SetTagsCommand): Promise<TicketView> {
    const normalised = validTags(tags);
    return this.dataSource.transaction(async (manager) => {
      const ticket = await loadTicket(manager, ticketId, { forUpdate: true });
      if (sameTags(ticket.tags, normalised)) return readTicketView(manager, ticketId);
      await manager.query('UPDATE ticket.tickets SET tags = $2, updated_at = now() WHERE id = $1', [
        ticketId,
        normalised,
      ]);
      await recordChange(manager, { ticketId, employeeId, action: 'tags', from: ticket.tags, to: normalised });
      await ticketFeed.ticketsChanged(manager, [ticketId]);
      this.logger.log({ ticketId, employeeId, tags: normalised }, 'Ticket tags set');
      return readTicketView(manager, ticketId);
    });
  }

  async setPriority({ ticketId, employeeId, priority }: SetPriorityCommand): Promise<TicketView> {
    return this.dataSource.transaction(async (manager) => {
      const ticket = await loadTicket(manager, ticketId, { forUpdate: true });
      if (ticket.priority === priorityRank(priority)) return readTicketView(manager, ticketId);
      await manager.query('UPDATE ticket.tickets SET priority = $2, updated_at = now() WHERE id = $1', [
        ticketId,
        priorityRank(priority),
      ]);
      await recordChange(manager, {
        ticketId,
        employeeId,
        action: 'priority',
        from: priorityOf(ticket.priority),
        to: priority,
      });
      await ticketFeed.ticketsChanged(manager, [ticketId]);
      this.logger.log({ ticketId, employeeId, priority }, 'Ticket priority set');
      return readTicketView(manager, ticketId);
    });
  }
}

/** Normalised (trimmed, lower-cased, each once), at most TAG_LIMITS.perTicket of at most TAG_LIMITS.length characters. */
export function validTags(tags: readonly string[]): string[] {
  const normalised = normaliseTags(tags);
  const tooLong = normalised.filter((tag) => Array.from(tag).length > TAG_LIMITS.length);
  if (tooLong.length > 0) {
    throw new CodedError(
      ErrorCode.ValidationFailed,
      `each tag must be at most ${TAG_LIMITS.length} characters: ${tooLong.join(', ')}`,
    );
  }
  if (normalised.length > TAG_LIMITS.perTicket) {
    throw new CodedError(
      ErrorCode.ValidationFailed,
      `a ticket has at most ${TAG_LIMITS.perTicket} tags (${normalised.length} given)`,
    );
  }
  return normalised;
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((tag, index) => tag === b[index]);
}
