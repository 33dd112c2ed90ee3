import { LANGUAGES, Language } from '../i18n/texts';
import { useDesk } from './context';

const NAMES: Record<Language, string> = { ru: 'Русский', en: 'English' };

export function LanguageSwitch() {
  const { desk, state, t } = useDesk();
  return (
    <label class="language">
      <span class="visually-hidden">{t('lang.label')}</span>
      <select
        value={state.language}
        onChange={(event) => desk.setLanguage((event.currentTarget as HTMLSelectElement).value as Language)}
      >
        {LANGUAGES.map((language) => (
          <option value={language} lang={language}>
            {NAMES[language]}
          </option>
        ))}
      </select>
    </label>
  );
}
