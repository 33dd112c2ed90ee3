import { useState } from 'preact/hooks';
import { useDesk } from './context';
import { LanguageSwitch } from './language-switch';

export function LoginPage() {
  const { desk, state, t } = useDesk();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    await desk.logIn(String(form.get('email')), String(form.get('password')));
    setBusy(false);
  };
  return (
    <main class="login" id="main">
      <form class="login-card" onSubmit={submit} aria-labelledby="login-heading">
        <div class="login-top">
          <h1 id="login-heading">{t('app.title')}</h1>
          <LanguageSwitch />
        </div>
        <h2>{t('login.heading')}</h2>
        {state.sessionEnded && (
          <p class="notice" role="status">
            {t(state.sessionEnded === 'deactivated' ? 'login.deactivated' : 'login.expired')}
          </p>
        )}
        <label>
          {t('login.email')}
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          {t('login.password')}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {state.error && (
          <p class="error" role="alert">
            {state.error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
      </form>
    </main>
  );
}
