import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { FrameworkChatterAtDebug } from '@app/logging';
import { migrateSchema } from '@app/database';
import { connectConsumers, declareOwnTopology } from '@app/messaging';
import { ticketServiceMessagingOptions } from './rpc-callers';
import { TICKET_SCHEMA, TicketServiceConfig } from './config';
import { ticketDataSourceOptions } from './database';
import { TicketServiceModule } from './ticket-service.module';

/** Runs the schema's migrations and exits: the `migrate` command and the Kubernetes Job. */
export async function migrateTicketSchema(config: TicketServiceConfig): Promise<string[]> {
  const applied = await migrateSchema(ticketDataSourceOptions(config), TICKET_SCHEMA);
  // with a broker user per service, its queues exist before anyone publishes to them
  await declareOwnTopology(ticketServiceMessagingOptions(config));
  return applied;
}

/** Builds and starts ticket-service: migrations, RabbitMQ consumers, the health port. */
export async function startTicketService(
  config: TicketServiceConfig,
  options: { port?: number } = {},
): Promise<INestApplication> {
  await migrateTicketSchema(config);
  const app = await NestFactory.create(TicketServiceModule.forRoot(config), { bufferLogs: true });
  app.useLogger(new FrameworkChatterAtDebug(app.get(Logger)));
  connectConsumers(app, ticketServiceMessagingOptions(config));
  // init first: it declares the RabbitMQ topology the consumers need
  await app.init();
  await app.startAllMicroservices();
  await app.listen(options.port ?? config.TICKET_SERVICE_PORT, '0.0.0.0');
  return app;
}
