import { ClientView } from '@app/contracts';
import { Client } from './client.entity';

export function toClientView(client: Client): ClientView {
  return {
    id: client.id,
    telegramId: Number(client.telegramId),
    username: client.username,
    firstName: client.firstName,
    lastName: client.lastName,
    languageCode: client.languageCode,
  };
}
