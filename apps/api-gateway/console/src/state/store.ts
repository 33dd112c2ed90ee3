import type { LiveState } from '../api/live-events';
import type { Colleague, Employee, Message, Ticket } from '../api/types';
import type { Language } from '../i18n/texts';
import { DEFAULT_FILTER, InboxFilter, InboxList } from './inbox';
import { ReportView, defaultReportForm } from './report';

export type Route =
  { page: 'inbox' } | { page: 'ticket'; ticketId: number } | { page: 'employees' } | { page: 'reports' };

export interface Session {
  token: string;
  /** epoch ms */
  expiresAt: number;
  me: Employee;
}

export interface OpenTicket {
  id: number;
  ticket: Ticket | null;
  messages: Message[];
  /** cursor for earlier messages; null once the beginning is shown */
  olderCursor: string | null;
  loading: boolean;
  error: string | null;
}

export interface ConsoleState {
  language: Language;
  session: Session | null;
  /** why the last session ended, shown on the login page */
  sessionEnded: 'expired' | 'deactivated' | null;
  route: Route;
  live: LiveState;
  inbox: InboxList & { filter: InboxFilter; loading: boolean; error: string | null };
  ticket: OpenTicket | null;
  /** everyone for an admin; names and roles only for an agent (who assigns to them) */
  employees: (Employee | Colleague)[];
  employeesError: string | null;
  report: ReportView;
  /** the last failed action, in words, until dismissed */
  error: string | null;
  info: string | null;
}

export function initialState(language: Language): ConsoleState {
  return {
    language,
    session: null,
    sessionEnded: null,
    route: { page: 'inbox' },
    live: 'connecting',
    inbox: { rows: [], nextCursor: null, filter: DEFAULT_FILTER, loading: false, error: null },
    ticket: null,
    employees: [],
    employeesError: null,
    report: { form: defaultReportForm(new Date()), summary: null, loading: false, error: null },
    error: null,
    info: null,
  };
}

/** The console's one store: state replaced whole on every change, and listeners told. */
export class Store<S> {
  private readonly listeners = new Set<(state: S) => void>();

  constructor(private current: S) {}

  get state(): S {
    return this.current;
  }

  update(change: (state: S) => S): void {
    const next = change(this.current);
    if (next === this.current) return;
    this.current = next;
    for (const listener of this.listeners) listener(next);
  }

  subscribe(listener: (state: S) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
