import { ApiError, describeError } from './api/api-error';
import { attachmentBytes } from './api/attachment-bytes';
import { LiveState, openLiveEvents } from './api/live-events';
import { Rest, restClient } from './api/rest';
import type { EmployeeRole, Message, Ticket, TicketStatus } from './api/types';
import { Language, translator } from './i18n/texts';
import { addMessages } from './state/conversation';
import { InboxFilter, appendPage, listQuery } from './state/inbox';
import { ReportForm, reportQuery } from './state/report';
import { applyLiveEvent, withMessage, withOpenTicket, withTicket } from './state/live-updates';
import { sessionStorageSlot } from './state/session-storage';
import { ConsoleState, Route, Store } from './state/store';

const MESSAGE_PAGE = 30;

/** What an agent does, as calls to the API whose answers (and live events) land in the store. */
export class Desk {
  private readonly rest: Rest;
  private stopLive?: () => void;
  private expiry?: ReturnType<typeof setTimeout>;

  constructor(readonly store: Store<ConsoleState>) {
    this.rest = restClient(
      () => this.store.state.session?.token ?? null,
      () => this.endSession('expired'),
    );
  }

  get t() {
    return translator(this.store.state.language);
  }

  start(): void {
    const session = sessionStorageSlot.load();
    if (session) this.begin(session);
  }

  setLanguage(language: Language): void {
    localStorage.setItem('desk.language', language);
    document.documentElement.lang = language;
    this.store.update((state) => ({ ...state, language }));
  }

  navigate(route: Route): void {
    this.store.update((state) => ({ ...state, route }));
    if (route.page === 'ticket' && this.store.state.ticket?.id !== route.ticketId) void this.openTicket(route.ticketId);
    if (route.page === 'employees') void this.loadEmployees();
    if (route.page === 'reports') void this.loadReport(this.store.state.report.form);
  }

  dismiss(): void {
    this.store.update((state) => ({ ...state, error: null, info: null }));
  }

  // --- session

  async logIn(email: string, password: string): Promise<void> {
    try {
      const token = await this.rest((api) => api.POST('/auth/login', { body: { email, password } }));
      const me = await this.rest((api) =>
        api.GET('/auth/me', { headers: { authorization: `Bearer ${token.accessToken}` } }),
      );
      this.begin({ token: token.accessToken, expiresAt: Date.now() + token.expiresIn * 1000, me });
    } catch (error) {
      this.fail(error);
    }
  }

  logOut(): void {
    this.endSession(null);
  }

  private begin(session: NonNullable<ConsoleState['session']>): void {
    sessionStorageSlot.save(session);
    this.store.update((state) => ({ ...state, session, sessionEnded: null, error: null }));
    clearTimeout(this.expiry);
    this.expiry = setTimeout(() => this.endSession('expired'), Math.min(session.expiresAt - Date.now(), 2 ** 31 - 1));
    this.stopLive = openLiveEvents(session.token, {
      connected: () => void this.resync(),
      event: (name, data) => this.store.update((state) => applyLiveEvent(state, name, data)),
      state: (live: LiveState) => this.store.update((state) => (state.live === live ? state : { ...state, live })),
      ended: (reason) => this.endSession(reason === 'employee_deactivated' ? 'deactivated' : 'expired'),
    });
    void this.reloadInbox();
    void this.loadEmployees();
    const route = this.store.state.route;
    if (route.page !== 'inbox') this.navigate(route);
  }

  private endSession(reason: ConsoleState['sessionEnded']): void {
    this.stopLive?.();
    this.stopLive = undefined;
    clearTimeout(this.expiry);
    sessionStorageSlot.save(null);
    this.store.update((state) => ({ ...state, session: null, sessionEnded: reason, ticket: null, error: null }));
  }

  // --- inbox

  async setFilter(filter: InboxFilter): Promise<void> {
    this.store.update((state) => ({ ...state, inbox: { ...state.inbox, filter } }));
    await this.reloadInbox();
  }

  async reloadInbox(): Promise<void> {
    await this.loadInboxPage(true);
  }

  async loadMore(): Promise<void> {
    const { inbox } = this.store.state;
    if (inbox.loading || inbox.nextCursor === null) return;
    await this.loadInboxPage(false);
  }

  private async loadInboxPage(fromStart: boolean): Promise<void> {
    const { filter, nextCursor } = this.store.state.inbox;
    this.store.update((state) => ({ ...state, inbox: { ...state.inbox, loading: true, error: null } }));
    try {
      const page = await this.rest((api) =>
        api.GET('/tickets', { params: { query: listQuery(filter, fromStart ? null : nextCursor) } }),
      );
      this.store.update((state) => {
        if (state.inbox.filter !== filter) return state; // the agent changed the filters meanwhile
        const base = fromStart ? { rows: [], nextCursor: null } : state.inbox;
        return {
          ...state,
          inbox: { ...state.inbox, ...appendPage(base, page.items, page.nextCursor ?? null), loading: false },
        };
      });
    } catch (error) {
      this.store.update((state) => ({
        ...state,
        inbox: { ...state.inbox, loading: false, error: describeError(error, this.t) },
      }));
    }
  }

  // --- a ticket

  async openTicket(ticketId: number): Promise<void> {
    this.store.update((state) => ({
      ...state,
      ticket: { id: ticketId, ticket: null, messages: [], olderCursor: null, loading: true, error: null },
    }));
    try {
      const [ticket, page] = await Promise.all([
        this.rest((api) => api.GET('/tickets/{id}', { params: { path: { id: ticketId } } })),
        this.rest((api) =>
          api.GET('/tickets/{id}/messages', {
            params: { path: { id: ticketId }, query: { order: 'desc', limit: MESSAGE_PAGE } },
          }),
        ),
      ]);
      this.updateTicket(ticketId, (open) => ({
        ...open,
        ticket,
        messages: addMessages([], page.items),
        olderCursor: page.nextCursor ?? null,
        loading: false,
      }));
      void this.loadEmployees();
    } catch (error) {
      this.updateTicket(ticketId, (open) => ({ ...open, loading: false, error: describeError(error, this.t) }));
    }
  }

  async loadOlder(): Promise<void> {
    const open = this.store.state.ticket;
    if (!open || open.loading || open.olderCursor === null) return;
    const { id } = open;
    const olderCursor = open.olderCursor;
    this.updateTicket(id, (current) => ({ ...current, loading: true }));
    try {
      const page = await this.rest((api) =>
        api.GET('/tickets/{id}/messages', {
          params: { path: { id }, query: { order: 'desc', limit: MESSAGE_PAGE, cursor: olderCursor } },
        }),
      );
      this.updateTicket(id, (current) => ({
        ...current,
        messages: addMessages(current.messages, page.items),
        olderCursor: page.nextCursor ?? null,
        loading: false,
      }));
    } catch (error) {
      this.updateTicket(id, (current) => ({ ...current, loading: false, error: describeError(error, this.t) }));
    }
  }

  changeStatus(ticketId: number, status: TicketStatus): Promise<boolean> {
    return this.act(async () =>
      this.showTicket(
        await this.rest((api) =>
          api.PATCH('/tickets/{id}/status', { params: { path: { id: ticketId } }, body: { status } }),
        ),
      ),
    );
  }

  assign(ticketId: number, assigneeId: number | null): Promise<boolean> {
    return this.act(async () =>
      this.showTicket(
        await this.rest((api) =>
          api.PATCH('/tickets/{id}/assignee', { params: { path: { id: ticketId } }, body: { assigneeId } }),
        ),
      ),
    );
  }

  /** `idempotencyKey` is the draft's: sending it again after a lost answer cannot send the reply twice. */
  reply(ticketId: number, text: string, idempotencyKey: string): Promise<boolean> {
    return this.act(async () => {
      const message = await this.rest((api) =>
        api.POST('/tickets/{id}/messages', {
          params: { path: { id: ticketId }, header: { 'idempotency-key': idempotencyKey } },
          body: { text },
        }),
      );
      this.showMessage(message);
    });
  }

  /**
   * A file with its caption, as multipart; `idempotencyKey` is the draft's, as for a text reply, so a retry
   * after a lost answer cannot send the file twice.
   */
  replyWithFile(ticketId: number, file: File, caption: string, idempotencyKey: string): Promise<boolean> {
    return this.act(async () => {
      const form = new FormData();
      form.append('file', file, file.name);
      if (caption.trim()) form.append('text', caption);
      const message = await this.rest((api) =>
        api.POST('/tickets/{id}/messages', {
          params: { path: { id: ticketId }, header: { 'idempotency-key': idempotencyKey } },
          // openapi-fetch sends FormData as it is (the browser sets the multipart boundary)
          body: form as never,
        }),
      );
      this.showMessage(message);
    });
  }

  /** A message's file as a Blob, fetched with the agent's token. */
  async attachment(ticketId: number, messageId: number): Promise<Blob> {
    const token = this.store.state.session?.token;
    if (!token) throw new ApiError(401, 'UNAUTHORIZED', '');
    try {
      return await attachmentBytes(token, ticketId, messageId);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) this.endSession('expired');
      throw error;
    }
  }

  /** Saves a message's file under its name, as the browser saves a download; a failure becomes words. */
  saveAttachment(ticketId: number, messageId: number, fileName: string): Promise<boolean> {
    return this.act(async () => {
      const url = URL.createObjectURL(await this.attachment(ticketId, messageId));
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.click();
      // the browser reads the URL after the click returns; a minute is ample to start saving it
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    });
  }

  // --- employees

  async loadEmployees(): Promise<void> {
    try {
      const employees = await this.rest((api) => api.GET('/employees'));
      this.store.update((state) => ({ ...state, employees, employeesError: null }));
    } catch (error) {
      this.store.update((state) => ({ ...state, employeesError: describeError(error, this.t) }));
    }
  }

  addEmployee(body: { email: string; password: string; name: string; role: EmployeeRole }): Promise<boolean> {
    return this.act(async () => {
      await this.rest((api) => api.POST('/employees', { body }));
      this.store.update((state) => ({ ...state, info: this.t('employees.created', { name: body.name }) }));
      await this.loadEmployees();
    });
  }

  updateEmployee(id: number, body: { role?: EmployeeRole; active?: boolean }): Promise<boolean> {
    return this.act(async () => {
      await this.rest((api) => api.PATCH('/employees/{id}', { params: { path: { id } }, body }));
      await this.loadEmployees();
    });
  }

  // --- reports

  async loadReport(form: ReportForm): Promise<void> {
    this.store.update((state) => ({ ...state, report: { ...state.report, form, loading: true, error: null } }));
    try {
      const summary = await this.rest((api) =>
        api.GET('/reports/summary', { params: { query: { ...reportQuery(form), total: 'true' } } }),
      );
      this.store.update((state) =>
        state.report.form !== form
          ? state
          : { ...state, report: { ...state.report, summary: { ...summary, groupBy: form.groupBy }, loading: false } },
      );
    } catch (error) {
      this.store.update((state) =>
        state.report.form !== form
          ? state
          : { ...state, report: { ...state.report, loading: false, error: describeError(error, this.t) } },
      );
    }
  }

  /** The CSV needs the bearer token, which a plain link cannot send: fetched, then saved as a file. */
  downloadReportCsv(): Promise<boolean> {
    return this.act(async () => {
      const query = reportQuery(this.store.state.report.form);
      const csv = await this.rest((api) => api.GET('/reports/summary.csv', { params: { query }, parseAs: 'blob' }));
      const link = document.createElement('a');
      link.href = URL.createObjectURL(csv);
      link.download = `report-${query.groupBy}-${this.store.state.report.form.from}-${this.store.state.report.form.to}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    });
  }

  // --- live

  /** After (re)connecting, events may have been missed: re-read what is shown. */
  private async resync(): Promise<void> {
    const open = this.store.state.ticket;
    await Promise.all([this.reloadInbox(), open ? this.openTicket(open.id) : undefined]);
  }

  private showTicket(ticket: Ticket): void {
    this.store.update((state) => withTicket(state, ticket));
  }

  private showMessage(message: Message): void {
    this.store.update((state) => withMessage(state, message));
  }

  private updateTicket(ticketId: number, change: Parameters<typeof withOpenTicket>[2]): void {
    this.store.update((state) => withOpenTicket(state, ticketId, change));
  }

  /** Runs an action; its failure becomes words on the screen. Resolves whether it succeeded. */
  private async act(action: () => Promise<void>): Promise<boolean> {
    try {
      await action();
      this.store.update((state) => (state.error ? { ...state, error: null } : state));
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    }
  }

  private fail(error: unknown): void {
    this.store.update((state) => ({ ...state, error: describeError(error, this.t) }));
  }
}
