import { TextKey, en } from './en';
import { ru } from './ru';

export const LANGUAGES = ['ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export type { TextKey };

const dictionaries: Record<Language, Record<TextKey, string>> = { ru, en };

/** The browser's preferred language we have texts for; Russian otherwise (the desk's default). */
export function preferredLanguage(browserLanguages: readonly string[]): Language {
  for (const tag of browserLanguages) {
    const base = tag.toLowerCase().split('-')[0];
    if ((LANGUAGES as readonly string[]).includes(base)) return base as Language;
  }
  return 'ru';
}

export type Translate = (key: TextKey, values?: Record<string, string | number>) => string;

export function translator(language: Language): Translate {
  const dictionary = dictionaries[language];
  return (key, values) =>
    dictionary[key].replace(/\{(\w+)\}/g, (placeholder, name: string) =>
      values && name in values ? String(values[name]) : placeholder,
    );
}

/** Whether the dictionary has a text for this key (e.g. an error code the API may send). */
export function hasText(key: string): key is TextKey {
  return key in en;
}
