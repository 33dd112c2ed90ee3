import { TicketStatus } from '@app/contracts';
import { BOT_COMMANDS, ClientLanguage, languageOf, textsFor } from './client-texts';

const STATUSES: TicketStatus[] = ['open', 'in_progress', 'closed'];

/** Every text the bot can send a client in one language, commands menu included. */
function everyText(language: ClientLanguage): string[] {
  const texts = textsFor(language);
  return [
    texts.greeting('Ann'),
    texts.greeting(null),
    texts.help,
    texts.ticketCreated(7),
    ...STATUSES.map((status) => texts.statusChanged(7, status)),
    texts.fileTooLarge,
    texts.csatQuestion(7),
    ...[1, 2, 3, 4, 5].map((rating) => texts.csatButton(rating)),
    texts.csatTapTaken(7, 4),
    texts.csatThanks(7, 4),
    texts.csatAlreadyRated(7, 4),
    texts.csatNotRateable,
    texts.csatCommentThanks(7),
    texts.outsideHours(new Date('2026-11-30T06:00:00Z'), 'Europe/Moscow'),
    ...BOT_COMMANDS[language].map((command) => command.description),
  ];
}

describe('client texts', () => {
  it('speaks English to clients whose Telegram is in English, Russian to everyone else', () => {
    expect(['en', 'en-US', 'EN-gb'].map(languageOf)).toEqual(['en', 'en', 'en']);
    expect(['ru', 'de', 'uk', null, undefined, ''].map(languageOf)).toEqual(['ru', 'ru', 'ru', 'ru', 'ru', 'ru']);
  });

  it('names the ticket number and the status as the client sees it', () => {
    expect(textsFor('ru').statusChanged(42, 'in_progress')).toBe('Статус обращения #42: В работе');
    expect(textsFor('en').statusChanged(42, 'closed')).toBe('Request #42 status: Closed');
    expect(textsFor('ru').status).toEqual({ open: 'Открыт', in_progress: 'В работе', closed: 'Закрыт' });
    expect(textsFor('en').status).toEqual({ open: 'Open', in_progress: 'In progress', closed: 'Closed' });
    expect(textsFor('ru').ticketCreated(7)).toContain('#7');
    expect(textsFor('en').ticketCreated(7)).toContain('#7');
  });

  it('greets by first name when there is one', () => {
    expect(textsFor('en').greeting('Ann')).toMatch(/^Hello, Ann!/);
    expect(textsFor('ru').greeting(null)).toMatch(/^Здравствуйте!/);
  });

  it('calls the ticket one thing in each language: a request, an обращение', () => {
    const en = everyText('en');
    expect(en.filter((text) => /\bticket|\bissue|\bcase\b|\bappeal/i.test(text))).toEqual([]);
    expect(en.filter((text) => text.includes('#7'))).toEqual([
      'Your request #7 has been created. Our team will answer you here.',
      'Request #7 status: Open',
      'Request #7 status: In progress',
      'Request #7 status: Closed',
      'How well did we help with your request #7? Rate us from 1 (poor) to 5 (excellent).',
      'Thank you! Request #7 rated 4',
      'Thank you for rating request #7: ★★★★ (4 of 5). If you like, write a comment within 10 minutes.',
      'Request #7 is already rated (4 of 5); the rating stays.',
      'Thank you, your comment is added to request #7.',
    ]);
    const ru = everyText('ru');
    expect(ru.filter((text) => /тикет|заявк|запрос|вопрос №|кейс/i.test(text))).toEqual([]);
    expect(ru.filter((text) => text.includes('#7'))).toEqual([
      'Создано обращение #7. Сотрудник ответит вам здесь.',
      'Статус обращения #7: Открыт',
      'Статус обращения #7: В работе',
      'Статус обращения #7: Закрыт',
      'Оцените, пожалуйста, как мы помогли по обращению #7: от 1 (плохо) до 5 (отлично).',
      'Спасибо! Оценка обращения #7: 4',
      'Спасибо за оценку обращения #7: ★★★★ (4 из 5). Если хотите, напишите комментарий в течение 10 минут.',
      'Обращение #7 уже оценено (4 из 5); оценка не изменилась.',
      'Спасибо, ваш комментарий добавлен к обращению #7.',
    ]);
  });
});
