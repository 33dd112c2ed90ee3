import type { Colleague, Ticket } from '../api/types';
import type { Language, Translate } from '../i18n/texts';

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

/** Seconds as a person reads a wait: "40 s", "9 min", "12 h 30 min", "1 d 2 h"; a dash when nothing was measured. */
export function formatDuration(seconds: number | null, t: Translate): string {
  if (seconds === null) return '—';
  if (seconds < 60) return t('duration.seconds', { s: Math.round(seconds) });
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return t('duration.minutes', { m: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t(minutes % 60 ? 'duration.hoursMinutes' : 'duration.hours', { h: hours, m: minutes % 60 });
  const days = Math.floor(hours / 24);
  return t(hours % 24 ? 'duration.daysHours' : 'duration.days', { d: days, h: hours % 24 });
}

/** 4.5 → "4.5" in English, "4,5" in Russian: at most two decimals. */
export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(value);
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
