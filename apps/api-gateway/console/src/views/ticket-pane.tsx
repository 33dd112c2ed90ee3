import { useDesk } from './context';
import { Conversation } from './conversation';
import { clientName, formatTime, languageName } from './format';
import { ReplyBox } from './reply-box';

export function TicketPane() {
  const { desk, state, t } = useDesk();
  const open = state.ticket;
  if (state.route.page !== 'ticket' || !open) {
    return (
      <section class="ticket empty-pane">
        <p>{t('ticket.none')}</p>
      </section>
    );
  }
  const ticket = open.ticket;
  const activeEmployees = state.employees.filter((employee) => employee.active);
  return (
    <section class="ticket" aria-labelledby="ticket-heading">
      <a class="back" href="#/">
        ← {t('ticket.back')}
      </a>
      <div class="ticket-head">
        <h2 id="ticket-heading">{t('ticket.heading', { id: open.id })}</h2>
        {ticket && <span class={`status status-${ticket.status}`}>{t(`status.${ticket.status}`)}</span>}
      </div>
      {open.error && (
        <p class="error" role="alert">
          {open.error}
        </p>
      )}
      {ticket && (
        <>
          <dl class="facts">
            <div>
              <dt>{t('ticket.client')}</dt>
              <dd>
                {clientName(ticket.client)}
                {ticket.client.username && ` (@${ticket.client.username})`}
              </dd>
            </div>
            <div>
              <dt class="visually-hidden">{t('lang.label')}</dt>
              <dd>
                {ticket.client.languageCode
                  ? t('ticket.language', { lang: languageName(ticket.client.languageCode, state.language) })
                  : t('ticket.languageUnknown')}
              </dd>
            </div>
            <div>
              <dt class="visually-hidden">{t('ticket.created', { at: '' })}</dt>
              <dd>{t('ticket.created', { at: formatTime(ticket.createdAt, state.language) })}</dd>
            </div>
          </dl>
          <div class="actions">
            {ticket.status === 'open' && (
              <button type="button" class="primary" onClick={() => void desk.changeStatus(ticket.id, 'in_progress')}>
                {t('ticket.take')}
              </button>
            )}
            {ticket.status === 'in_progress' && (
              <button type="button" onClick={() => void desk.changeStatus(ticket.id, 'open')}>
                {t('ticket.reopen')}
              </button>
            )}
            {ticket.status !== 'closed' && (
              <button type="button" onClick={() => void desk.changeStatus(ticket.id, 'closed')}>
                {t('ticket.close')}
              </button>
            )}
            <label class="assign">
              {t('ticket.assign')}
              <select
                value={ticket.assigneeId === null ? '' : String(ticket.assigneeId)}
                disabled={ticket.status === 'closed'}
                onChange={(event) => {
                  const value = (event.currentTarget as HTMLSelectElement).value;
                  void desk.assign(ticket.id, value === '' ? null : Number(value));
                }}
              >
                <option value="">{t('ticket.assigneeNone')}</option>
                {activeEmployees.map((employee) => (
                  <option value={String(employee.id)}>{employee.name}</option>
                ))}
                {ticket.assigneeId !== null &&
                  !activeEmployees.some((employee) => employee.id === ticket.assigneeId) && (
                    <option value={String(ticket.assigneeId)}>#{ticket.assigneeId}</option>
                  )}
              </select>
            </label>
          </div>
        </>
      )}
      <Conversation open={open} />
      {ticket && ticket.status === 'closed' ? (
        <p class="closed-note">{t('ticket.closedNote')}</p>
      ) : (
        ticket && <ReplyBox ticketId={ticket.id} />
      )}
    </section>
  );
}
