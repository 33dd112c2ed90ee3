import { useDesk } from './context';
import { LanguageSwitch } from './language-switch';

export function TopBar() {
  const { desk, state, t } = useDesk();
  const isAdmin = state.session?.me.role === 'admin';
  const page = state.route.page;
  return (
    <header class="top-bar">
      <a class="visually-hidden focusable" href="#main">
        {t('app.skip')}
      </a>
      <strong class="brand">{t('app.title')}</strong>
      <nav aria-label={t('nav.main')}>
        <a href="#/" aria-current={page === 'inbox' || page === 'ticket' ? 'page' : undefined}>
          {t('nav.inbox')}
        </a>
        <a href="#/reports" aria-current={page === 'reports' ? 'page' : undefined}>
          {t('nav.reports')}
        </a>
        {isAdmin && (
          <a href="#/employees" aria-current={page === 'employees' ? 'page' : undefined}>
            {t('nav.employees')}
          </a>
        )}
      </nav>
      <span class={`live live-${state.live}`} role="status">
        <span class="live-text">{t(`live.${state.live}`)}</span>
      </span>
      <span class="me">{state.session?.me.name}</span>
      <LanguageSwitch />
      <button type="button" onClick={() => desk.logOut()}>
        {t('nav.logout')}
      </button>
    </header>
  );
}
