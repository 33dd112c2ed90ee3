import { ApiError, describeError } from '../api/api-error';
import { routeOf } from '../routes';
import { en } from './en';
import { ru } from './ru';
import { preferredLanguage, translator } from './texts';

describe('texts', () => {
  it('has every text in both languages, with the same placeholders', () => {
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect([key, placeholders(ru[key])]).toEqual([key, placeholders(en[key])]);
      expect(ru[key].trim()).not.toBe('');
    }
  });

  it('follows the browser’s language, Russian when it has none we speak', () => {
    expect(preferredLanguage(['en-GB', 'ru'])).toBe('en');
    expect(preferredLanguage(['de-DE', 'ru-RU'])).toBe('ru');
    expect(preferredLanguage(['de-DE'])).toBe('ru');
  });

  it('fills placeholders', () => {
    expect(translator('en')('ticket.heading', { id: 42 })).toBe('Ticket #42');
    expect(translator('ru')('ticket.heading', { id: 42 })).toBe('Обращение #42');
  });
});

describe('errors in words', () => {
  const t = translator('en');

  it('says what the API’s code means', () => {
    expect(
      describeError(ApiError.fromResponse(409, { code: 'TICKET_CLOSED', message: 'Ticket #4 is closed' }), t),
    ).toBe('The ticket is closed; it cannot be changed or answered.');
    expect(
      describeError(ApiError.fromResponse(400, { code: 'VALIDATION_FAILED', message: ['text must not be empty'] }), t),
    ).toBe('Please check the input: text must not be empty');
  });

  it('falls back to the API’s message for a code it does not know, and to the status for a bare error', () => {
    expect(describeError(ApiError.fromResponse(422, { code: 'SOMETHING_NEW', message: 'New rule' }), t)).toBe(
      'New rule',
    );
    expect(describeError(ApiError.fromResponse(502, '<html>Bad gateway</html>'), t)).toBe(
      'The server answered with an error (502). Try again.',
    );
  });

  it('says when the network failed', () => {
    expect(describeError(ApiError.network(new TypeError('Failed to fetch')), t)).toBe(
      'The server cannot be reached. Check the connection and try again.',
    );
  });
});

describe('routes', () => {
  it('reads the view from the URL fragment', () => {
    expect(routeOf('#/tickets/42')).toEqual({ page: 'ticket', ticketId: 42 });
    expect(routeOf('#/employees')).toEqual({ page: 'employees' });
    expect(routeOf('')).toEqual({ page: 'inbox' });
    expect(routeOf('#/tickets/abc')).toEqual({ page: 'inbox' });
  });
});
