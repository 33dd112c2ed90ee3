import { useEffect, useRef } from 'preact/hooks';
import { AssigneeFilter, InboxFilter, InboxSort, StatusFilter } from '../state/inbox';
import { useDesk } from './context';
import { clientName, employeeName, formatTime } from './format';

const STATUS_FILTERS: StatusFilter[] = ['active', 'open', 'in_progress', 'closed'];
const ASSIGNEE_FILTERS: AssigneeFilter[] = ['all', 'me', 'none'];
const SORTS: InboxSort[] = ['updatedAt.desc', 'updatedAt.asc', 'createdAt.desc', 'createdAt.asc'];

export function InboxPane() {
  const { desk, state, t } = useDesk();
  const { inbox } = state;
  const end = useRef<HTMLLIElement>(null);
  const selected = state.route.page === 'ticket' ? state.route.ticketId : null;

  // Endless scroll: the next page loads when the end of the list comes into view.
  useEffect(() => {
    if (!end.current) return;
    const observer = new IntersectionObserver(
      (entries) => entries.some((entry) => entry.isIntersecting) && void desk.loadMore(),
    );
    observer.observe(end.current);
    return () => observer.disconnect();
  }, [desk, inbox.nextCursor]);

  const change =
    <K extends keyof InboxFilter>(key: K) =>
    (event: Event) =>
      void desk.setFilter({
        ...inbox.filter,
        [key]: (event.currentTarget as HTMLSelectElement).value as InboxFilter[K],
      });

  return (
    <section class="inbox" aria-labelledby="inbox-heading">
      <div class="inbox-head">
        <h1 id="inbox-heading">{t('inbox.heading')}</h1>
        <button type="button" onClick={() => void desk.reloadInbox()}>
          {t('inbox.refresh')}
        </button>
      </div>
      <fieldset class="filters">
        <legend class="visually-hidden">{t('inbox.filters')}</legend>
        <label>
          {t('inbox.status')}
          <select value={inbox.filter.status} onChange={change('status')}>
            {STATUS_FILTERS.map((value) => (
              <option value={value}>{t(`inbox.status.${value}`)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('inbox.assignee')}
          <select value={inbox.filter.assignee} onChange={change('assignee')}>
            {ASSIGNEE_FILTERS.map((value) => (
              <option value={value}>{t(`inbox.assignee.${value}`)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('inbox.sort')}
          <select value={inbox.filter.sort} onChange={change('sort')}>
            {SORTS.map((value) => (
              <option value={value}>{t(`inbox.sort.${value}`)}</option>
            ))}
          </select>
        </label>
      </fieldset>
      {inbox.error && (
        <p class="error" role="alert">
          {inbox.error}
        </p>
      )}
      <ul class="ticket-list" aria-label={t('inbox.list')}>
        {inbox.rows.map(({ ticket, leaving }) => {
          const assignee = employeeName(state.employees, ticket.assigneeId);
          return (
            <li key={ticket.id} class={leaving ? 'leaving' : undefined}>
              <a href={`#/tickets/${ticket.id}`} aria-current={selected === ticket.id ? 'true' : undefined}>
                <span class="row-top">
                  <span class="ticket-id">#{ticket.id}</span>
                  <span class="client">{clientName(ticket.client)}</span>
                  <time dateTime={ticket.updatedAt}>{formatTime(ticket.updatedAt, state.language)}</time>
                </span>
                <span class="preview">{ticket.lastMessagePreview ?? ''}</span>
                <span class="row-bottom">
                  <span class={`status status-${ticket.status}`}>{t(`status.${ticket.status}`)}</span>
                  <span class="assignee">{assignee ?? t('inbox.unassigned')}</span>
                  {leaving && <span class="leaving-note">{t('inbox.leaving')}</span>}
                </span>
              </a>
            </li>
          );
        })}
        <li ref={end} class="list-end">
          {inbox.loading ? (
            t('inbox.loading')
          ) : inbox.nextCursor ? (
            <button type="button" onClick={() => void desk.loadMore()}>
              {t('inbox.more')}
            </button>
          ) : inbox.rows.length === 0 ? (
            t('inbox.empty')
          ) : (
            t('inbox.end')
          )}
        </li>
      </ul>
    </section>
  );
}
