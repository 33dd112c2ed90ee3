import type { Employee, Ticket } from '../api/types';
import type { Language } from '../i18n/texts';

export function clientName(client: Ticket['client']): string {
  const name = [client.firstName, client.lastName].filter(Boolean).join(' ');
  return name || (client.username ? `@${client.username}` : `id ${client.telegramId}`);
}

export function employeeName(employees: Employee[], id: number | null): string | null {
  if (id === null) return null;
  return employees.find((employee) => employee.id === id)?.name ?? `#${id}`;
}

export function formatTime(iso: string, language: Language): string {
  const date = new Date(iso);
  const sameDay = new Date().toDateString() === date.toDateString();
  return new Intl.DateTimeFormat(
    language,
    sameDay ? { hour: '2-digit', minute: '2-digit' } : { dateStyle: 'short', timeStyle: 'short' },
  ).format(date);
}
