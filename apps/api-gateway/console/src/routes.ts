import type { Route } from './state/store';

/** Routes live in the URL's fragment (#/tickets/42), so a reload or a shared link opens the same view. */
export function routeOf(hash: string): Route {
  const ticket = /^#\/tickets\/(\d{1,10})$/.exec(hash);
  if (ticket) return { page: 'ticket', ticketId: Number(ticket[1]) };
  if (hash === '#/employees') return { page: 'employees' };
  if (hash === '#/reports') return { page: 'reports' };
  return { page: 'inbox' };
}
