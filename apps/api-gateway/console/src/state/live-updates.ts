import type { DeliveryUpdate, Message, Ticket } from '../api/types';
import { addMessages, applyDelivery } from './conversation';
import { applyTicket } from './inbox';
import type { ConsoleState } from './store';

/**
 * How a live event (or an action's answer, which says the same) changes what the console shows. Pure:
 * the state in, the next state out (the same object when nothing shown changed).
 */
export function applyLiveEvent(state: ConsoleState, name: string, data: unknown): ConsoleState {
  switch (name) {
    case 'ticket.updated':
      return withTicket(state, data as Ticket);
    case 'message.created':
      return withMessage(state, data as Message);
    case 'message.delivery_updated': {
      const update = data as DeliveryUpdate;
      return withOpenTicket(state, update.ticketId, (open) => ({
        ...open,
        messages: applyDelivery(open.messages, update),
      }));
    }
    default:
      return state;
  }
}

export function withTicket(state: ConsoleState, ticket: Ticket): ConsoleState {
  const inbox = applyTicket(state.inbox, ticket, state.inbox.filter, state.session?.me.id ?? 0);
  const shown = state.ticket?.id === ticket.id ? state.ticket.ticket : null;
  const open = shown && state.ticket && !isOlder(ticket, shown) ? { ...state.ticket, ticket } : state.ticket;
  if (inbox === state.inbox && open === state.ticket) return state;
  return { ...state, inbox: { ...state.inbox, ...inbox }, ticket: open };
}

/** A message joins the open ticket's conversation (once loaded); other tickets' messages show through ticket.updated. */
export function withMessage(state: ConsoleState, message: Message): ConsoleState {
  return withOpenTicket(state, message.ticketId, (open) =>
    open.ticket ? { ...open, messages: addMessages(open.messages, [message]) } : open,
  );
}

export function withOpenTicket(
  state: ConsoleState,
  ticketId: number,
  change: (open: NonNullable<ConsoleState['ticket']>) => NonNullable<ConsoleState['ticket']>,
): ConsoleState {
  return state.ticket?.id === ticketId ? { ...state, ticket: change(state.ticket) } : state;
}

function isOlder(incoming: Ticket, shown: Ticket): boolean {
  return Date.parse(incoming.updatedAt) < Date.parse(shown.updatedAt);
}
