import { cannedReplyText } from './canned-reply-text';

const reply = {
  texts: {
    ru: 'Здравствуйте, {{client.firstName}}! Обращение #{{ticket.id}} у меня. {{employee.name}}',
    en: 'Hello {{client.firstName}}, ticket #{{ticket.id}} is with me. {{employee.name}}',
  },
};
const values = { clientFirstName: 'Ivan', ticketId: 42, employeeName: 'Anna' };

describe('cannedReplyText', () => {
  it('fills every placeholder in the client’s language: English for en-*, Russian otherwise', () => {
    expect(cannedReplyText(reply, 'en-GB', values)).toBe('Hello Ivan, ticket #42 is with me. Anna');
    expect(cannedReplyText(reply, 'ru', values)).toBe('Здравствуйте, Ivan! Обращение #42 у меня. Anna');
    expect(cannedReplyText(reply, null, values)).toBe('Здравствуйте, Ivan! Обращение #42 у меня. Anna');
    expect(cannedReplyText(reply, 'de', values)).toBe('Здравствуйте, Ivan! Обращение #42 у меня. Anna');
  });

  it('falls back to the other language when the reply has no text in the client’s', () => {
    expect(cannedReplyText({ texts: { ru: 'Только по-русски', en: null } }, 'en', values)).toBe('Только по-русски');
    expect(cannedReplyText({ texts: { ru: null, en: 'English only' } }, 'ru', values)).toBe('English only');
  });

  it('leaves no stray space where a client has no first name', () => {
    expect(cannedReplyText(reply, 'en', { ...values, clientFirstName: null })).toBe(
      'Hello, ticket #42 is with me. Anna',
    );
    expect(cannedReplyText(reply, 'ru', { ...values, clientFirstName: null })).toBe(
      'Здравствуйте! Обращение #42 у меня. Anna',
    );
  });

  it('fills a placeholder repeated, and leaves unknown braces alone', () => {
    expect(cannedReplyText({ texts: { ru: '{{ticket.id}}/{{ticket.id}} {{other}}', en: null } }, 'ru', values)).toBe(
      '42/42 {{other}}',
    );
  });
});
