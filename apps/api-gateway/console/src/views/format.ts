import type { Colleague, Ticket } from '../api/types';
import type { Language } from '../i18n/texts';

export function clientName(client: Ticket['client']): string {
  const name = [client.firstName, client.lastName].filter(Boolean).join(' ');
  return name || (client.username ? `@${client.username}` : `id ${client.telegramId}`);
}

export function employeeName(employees: readonly Colleague[], id: number | null): string | null {
  if (id === null) return null;
  return employees.find((employee) => employee.id === id)?.name ?? `#${id}`;
}

/** "en" → "English" (in the console's language); the code itself when the browser does not know it. */
export function languageName(code: string, language: Language): string {
  try {
    return new Intl.DisplayNames([language], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function formatTime(iso: string, language: Language): string {
  const date = new Date(iso);
  const sameDay = new Date().toDateString() === date.toDateString();
  return new Intl.DateTimeFormat(
    language,
    sameDay ? { hour: '2-digit', minute: '2-digit' } : { dateStyle: 'short', timeStyle: 'short' },
  ).format(date);
}

/** 1288490 → "1.2 MB" (binary units, as Telegram's limits are counted), in the console's language. */
export function formatSize(bytes: number, language: Language): string {
  const [value, unit] =
    bytes >= 1024 * 1024
      ? [bytes / (1024 * 1024), 'megabyte']
      : bytes >= 1024
        ? [bytes / 1024, 'kilobyte']
        : [bytes, 'byte'];
  // "512 bytes": the short form of a byte count reads as a typo ("512 byte")
  const unitDisplay = unit === 'byte' ? 'long' : 'short';
  return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay, maximumFractionDigits: 1 }).format(value);
}
