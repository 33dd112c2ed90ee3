import { ClientUser } from './types';

let lastUserId = 6_000_000_000;

/**
 * A new Telegram client for a test: a fresh id (above 2^31, as real ones are), a username from the first name.
 * `more` sets or clears other fields (`{ last_name: 'Petrov' }`, `{ username: undefined }`).
 */
export function clientUser(firstName: string, languageCode = 'ru', more: Partial<ClientUser> = {}): ClientUser {
  lastUserId += 1;
  return {
    id: lastUserId,
    first_name: firstName,
    username: firstName.toLowerCase(),
    language_code: languageCode,
    ...more,
  };
}

/** The user as Telegram puts them in a message's or a button tap's `from`. */
export function telegramFrom({ id, first_name, last_name, username, language_code }: ClientUser) {
  return { id, is_bot: false as const, first_name, last_name, username, language_code };
}
