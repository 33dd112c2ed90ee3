import { CSAT_COMMENT_WINDOW_MINUTES, TicketStatus } from '@app/contracts';

export type ClientLanguage = 'ru' | 'en';

/** Russian unless the client's Telegram is in English. */
export function languageOf(languageCode: string | null | undefined): ClientLanguage {
  return languageCode?.toLowerCase().startsWith('en') ? 'en' : 'ru';
}

/**
 * Clients call a ticket one thing in every text the bot sends: a "request" in English, an "обращение" in
 * Russian ("ticket" is the employees' word). client-texts.spec.ts holds every text to it.
 */
interface ClientTexts {
  greeting(firstName: string | null): string;
  help: string;
  ticketCreated(ticketId: number): string;
  statusChanged(ticketId: number, status: TicketStatus): string;
  status: Record<TicketStatus, string>;
  /** a file above Telegram's 20 MB bot download limit */
  fileTooLarge: string;
  // satisfaction survey and business hours
  csatQuestion(ticketId: number): string;
  csatButton(rating: number): string;
  /** the toast on a tap that was taken */
  csatTapTaken(ticketId: number, rating: number): string;
  csatThanks(ticketId: number, rating: number): string;
  csatAlreadyRated(ticketId: number, rating: number): string;
  csatNotRateable: string;
  csatCommentThanks(ticketId: number): string;
  outsideHours(answerFrom: Date, timeZone: string): string;
}

/** "Mon, 30 November, 09:00 GMT+3" in the client's language, on the team's clock. */
const when = (locale: string, at: Date, timeZone: string) =>
  new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(at);
const stars = (rating: number) => '★'.repeat(rating);

const ru: ClientTexts = {
  greeting: (firstName) =>
    `Здравствуйте${firstName ? `, ${firstName}` : ''}! Это служба поддержки. Опишите ваш вопрос одним или несколькими ` +
    'сообщениями, можно приложить фото или файл. Мы ответим здесь же.',
  help:
    'Напишите ваш вопрос в этот чат: текстом, фото, документом или голосовым сообщением. ' +
    'Каждому обращению присваивается номер (например, #42); ответы сотрудников и смена статуса придут сюда же.\n\n' +
    '/start — начать\n/help — эта справка',
  ticketCreated: (ticketId) => `Создано обращение #${ticketId}. Сотрудник ответит вам здесь.`,
  statusChanged: (ticketId, status) => `Статус обращения #${ticketId}: ${ru.status[status]}`,
  status: { open: 'Открыт', in_progress: 'В работе', closed: 'Закрыт' },
  fileTooLarge:
    'Не удалось получить ваш файл: Telegram не передаёт ботам файлы больше 20 МБ. ' +
    'Пожалуйста, сожмите файл или отправьте ссылку на него.',
  csatQuestion: (ticketId) =>
    `Оцените, пожалуйста, как мы помогли по обращению #${ticketId}: от 1 (плохо) до 5 (отлично).`,
  csatButton: (rating) => `${rating} ${stars(1)}`,
  csatTapTaken: (ticketId, rating) => `Спасибо! Оценка обращения #${ticketId}: ${rating}`,
  csatThanks: (ticketId, rating) =>
    `Спасибо за оценку обращения #${ticketId}: ${stars(rating)} (${rating} из 5). Если хотите, напишите комментарий в течение ${CSAT_COMMENT_WINDOW_MINUTES} минут.`,
  csatAlreadyRated: (ticketId, rating) => `Обращение #${ticketId} уже оценено (${rating} из 5); оценка не изменилась.`,
  csatNotRateable: 'Этот опрос больше не действует.',
  csatCommentThanks: (ticketId) => `Спасибо, ваш комментарий добавлен к обращению #${ticketId}.`,
  outsideHours: (answerFrom, timeZone) =>
    `Сейчас нерабочее время. Сотрудник ответит после начала рабочего дня: ${when('ru-RU', answerFrom, timeZone)}.`,
};

const en: ClientTexts = {
  greeting: (firstName) =>
    `Hello${firstName ? `, ${firstName}` : ''}! This is customer support. Describe your question in one or more ` +
    'messages; you can attach a photo or a file. We will answer here.',
  help:
    'Write your question in this chat: as text, a photo, a document or a voice message. ' +
    'Each request gets a number (e.g. #42); replies from our team and status changes arrive here.\n\n' +
    '/start — start\n/help — this help',
  ticketCreated: (ticketId) => `Your request #${ticketId} has been created. Our team will answer you here.`,
  statusChanged: (ticketId, status) => `Request #${ticketId} status: ${en.status[status]}`,
  status: { open: 'Open', in_progress: 'In progress', closed: 'Closed' },
  fileTooLarge:
    'We could not receive your file: Telegram does not pass files larger than 20 MB to bots. ' +
    'Please compress it or send a link to it instead.',
  csatQuestion: (ticketId) =>
    `How well did we help with your request #${ticketId}? Rate us from 1 (poor) to 5 (excellent).`,
  csatButton: (rating) => `${rating} ${stars(1)}`,
  csatTapTaken: (ticketId, rating) => `Thank you! Request #${ticketId} rated ${rating}`,
  csatThanks: (ticketId, rating) =>
    `Thank you for rating request #${ticketId}: ${stars(rating)} (${rating} of 5). If you like, write a comment within ${CSAT_COMMENT_WINDOW_MINUTES} minutes.`,
  csatAlreadyRated: (ticketId, rating) => `Request #${ticketId} is already rated (${rating} of 5); the rating stays.`,
  csatNotRateable: 'This survey is no longer valid.',
  csatCommentThanks: (ticketId) => `Thank you, your comment is added to request #${ticketId}.`,
  outsideHours: (answerFrom, timeZone) =>
    `We are outside working hours now. Expect an answer after we open: ${when('en-GB', answerFrom, timeZone)}.`,
};

export function textsFor(languageCode: string | null | undefined): ClientTexts {
  return languageOf(languageCode) === 'en' ? en : ru;
}

/** The bot's commands as Telegram menus show them, per language. */
export const BOT_COMMANDS: Record<ClientLanguage, { command: string; description: string }[]> = {
  ru: [
    { command: 'start', description: 'Начать' },
    { command: 'help', description: 'Как это работает' },
  ],
  en: [
    { command: 'start', description: 'Start' },
    { command: 'help', description: 'How it works' },
  ],
};
