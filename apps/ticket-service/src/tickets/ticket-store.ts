import { CodedError, ErrorCode } from '@app/contracts';
import { EntityManager } from 'typeorm';
import { Ticket } from './ticket.entity';

/**
 * A ticket with its client, or TICKET_NOT_FOUND. `forUpdate` locks the ticket row (not the client's)
 * until the transaction ends, so concurrent changes to one ticket take turns and each sees the last.
 */
export async function loadTicket(
  manager: EntityManager,
  ticketId: number,
  { forUpdate = false } = {},
): Promise<Ticket> {
  const query = manager
    .createQueryBuilder(Ticket, 'ticket')
    .innerJoinAndSelect('ticket.client', 'client')
    .where('ticket.id = :ticketId', { ticketId });
  if (forUpdate) query.setLock('pessimistic_write', undefined, ['ticket']);
  const ticket = await query.getOne();
  if (!ticket) throw new CodedError(ErrorCode.TicketNotFound, `Ticket #${ticketId} not found`);
  return ticket;
}
