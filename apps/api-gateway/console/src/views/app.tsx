import { useDesk } from './context';
import { EmployeesPage } from './employees-page';
import { InboxPane } from './inbox-pane';
import { LoginPage } from './login-page';
import { ReportsPage } from './reports-page';
import { TicketPane } from './ticket-pane';
import { TopBar } from './top-bar';

export function App() {
  const { desk, state, t } = useDesk();
  if (!state.session) return <LoginPage />;
  const page = state.route.page;
  return (
    <div class={`app page-${page}`}>
      <TopBar />
      {(state.error || state.info) && (
        <div class={state.error ? 'banner error' : 'banner info'} role={state.error ? 'alert' : 'status'}>
          <span>{state.error ?? state.info}</span>
          <button type="button" onClick={() => desk.dismiss()}>
            {t('errors.dismiss')}
          </button>
        </div>
      )}
      <main id="main" class="workspace">
        {page === 'employees' ? (
          <EmployeesPage />
        ) : page === 'reports' ? (
          <ReportsPage />
        ) : (
          <>
            <InboxPane />
            <TicketPane />
          </>
        )}
      </main>
    </div>
  );
}
