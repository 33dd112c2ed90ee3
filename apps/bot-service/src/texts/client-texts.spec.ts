import { languageOf, textsFor } from './client-texts';

describe('client texts', () => {
  it('speaks English to clients whose Telegram is in English, Russian to everyone else', () => {
    expect(['en', 'en-US', 'EN-gb'].map(languageOf)).toEqual(['en', 'en', 'en']);
    expect(['ru', 'de', 'uk', null, undefined, ''].map(languageOf)).toEqual(['ru', 'ru', 'ru', 'ru', 'ru', 'ru']);
  });

  it('names the ticket number and the status as the client sees it', () => {
    expect(textsFor('ru').statusChanged(42, 'in_progress')).toBe('Статус обращения #42: В работе');
    expect(textsFor('en').statusChanged(42, 'closed')).toBe('Ticket #42 status: Closed');
    expect(textsFor('ru').status).toEqual({ open: 'Открыт', in_progress: 'В работе', closed: 'Закрыт' });
    expect(textsFor('en').status).toEqual({ open: 'Open', in_progress: 'In progress', closed: 'Closed' });
    expect(textsFor('ru').ticketCreated(7)).toContain('#7');
    expect(textsFor('en').ticketCreated(7)).toContain('#7');
  });

  it('greets by first name when there is one', () => {
    expect(textsFor('en').greeting('Ann')).toMatch(/^Hello, Ann!/);
    expect(textsFor('ru').greeting(null)).toMatch(/^Здравствуйте!/);
  });
});
