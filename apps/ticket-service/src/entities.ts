import { Client } from './clients/client.entity';
import { Message } from './messages/message.entity';
import { Ticket } from './tickets/ticket.entity';

/** Every TypeORM entity of schema `ticket`, listed explicitly (the build bundles them; no globs). */
export const TICKET_ENTITIES: (new () => unknown)[] = [Client, Ticket, Message];
