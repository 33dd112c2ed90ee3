import { CannedReplyView, clientLanguage } from '@app/contracts';

export interface PlaceholderValues {
  clientFirstName: string | null;
  ticketId: number;
  employeeName: string;
}

/**
 * The text a canned reply sends a client: in the client's language (Russian unless their Telegram is in
 * English), or the other language when the reply has no text in theirs, with its placeholders filled.
 * A client without a first name is not named: the placeholder goes, with the comma and spaces before it
 * ("Hello, {{client.firstName}}!" becomes "Hello!").
 */
export function cannedReplyText(
  reply: Pick<CannedReplyView, 'texts'>,
  languageCode: string | null,
  values: PlaceholderValues,
): string {
  const language = clientLanguage(languageCode);
  const template = reply.texts[language] ?? reply.texts[language === 'en' ? 'ru' : 'en'] ?? '';
  const named =
    values.clientFirstName === null
      ? template.replace(/,?[ \t]*\{\{client\.firstName\}\}/g, '')
      : template.replaceAll('{{client.firstName}}', values.clientFirstName);
  return named
    .replaceAll('{{ticket.id}}', String(values.ticketId))
    .replaceAll('{{employee.name}}', values.employeeName)
    .trim();
}
