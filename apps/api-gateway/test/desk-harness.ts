import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { MessageKind, RecordInboundResult, TicketRpc } from '@app/contracts';
import { parseConfig } from '@app/config';
import { TICKET_SERVICE, TicketServiceClient } from '@app/messaging';
import { EventTap, TestEnvironment } from '@app/testing';
import { startTicketService } from '../../ticket-service/src/bootstrap';
import { ticketServiceEnv } from '../../ticket-service/src/config';
import { ADMIN, Hired, Session, hire, logIn, startTestGateway } from './gateway-harness';

/** The real ticket-service, in this process, on the test's database and vhost. */
export function startRealTicketService(
  env: TestEnvironment,
  extra: Record<string, string> = {},
): Promise<INestApplication> {
  return startTicketService(parseConfig(ticketServiceEnv, env.env({ LOG_LEVEL: 'silent', ...extra })), { port: 0 });
}

let telegramMessageId = 0;

/**
 * A Telegram client writing to the bot, as bot-service reports it to ticket-service (over RPC through the
 * gateway's own client: the same queue and contract bot-service uses).
 */
export function clientWrites(
  gateway: NestExpressApplication,
  telegramId: number,
  text: string | null,
  {
    kind = 'text',
    fileId = null,
    languageCode = 'ru',
    firstName = 'Ivan',
    username = `client${telegramId}`,
  }: {
    kind?: MessageKind;
    fileId?: string | null;
    languageCode?: string;
    firstName?: string | null;
    username?: string | null;
  } = {},
): Promise<RecordInboundResult> {
  telegramMessageId += 1;
  return gateway.get<TicketServiceClient>(TICKET_SERVICE).call(TicketRpc.RecordInbound, {
    telegramId,
    chatId: telegramId,
    username,
    firstName,
    lastName: 'Petrov',
    languageCode,
    telegramMessageId,
    kind,
    text,
    fileId,
    sentAt: new Date().toISOString(),
  });
}

/** A whole desk for one test file: ticket-service and the gateway on a fresh environment, an admin and an agent. */
export interface Desk {
  app: NestExpressApplication;
  botEvents: EventTap;
  admin: Session;
  adminId: number;
  agent: Hired;
  /** A new client writes a first message, which opens a new ticket; returns its id. */
  newTicket(text?: string): Promise<number>;
  /** A Telegram id no other client in this desk has. */
  newTelegramId(): number;
  close(): Promise<void>;
}

/** `ticketService`: extra variables for ticket-service (e.g. ASSIGNMENT). */
export async function startDesk({
  ticketService: ticketServiceVariables = {},
}: { ticketService?: Record<string, string> } = {}): Promise<Desk> {
  const env = await TestEnvironment.create();
  const ticketService = await startRealTicketService(env, ticketServiceVariables);
  const app = await startTestGateway(env);
  const botEvents = await EventTap.open(env.rabbitUrl);
  const admin = await logIn(app, ADMIN.email, ADMIN.password);
  const adminId = (await admin.get('/auth/me')).body.id as number;
  const agent = await hire(app, admin, 'agent');
  let telegramId = 7_000_000_000;
  const newTelegramId = () => (telegramId += 1);
  return {
    app,
    botEvents,
    admin,
    adminId,
    agent,
    newTelegramId,
    async newTicket(text = 'My order has not arrived') {
      const result = await clientWrites(app, newTelegramId(), text);
      if (!result.ticketCreated) throw new Error('expected a new ticket');
      return result.ticketId;
    },
    async close() {
      await botEvents.close();
      await app.close();
      await ticketService.close();
      await env.dispose();
    },
  };
}
