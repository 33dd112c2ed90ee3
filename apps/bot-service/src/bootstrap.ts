import { INestApplication } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { FrameworkChatterAtDebug } from '@app/logging';
import { migrateSchema } from '@app/database';
import { connectConsumers, declareOwnTopology } from '@app/messaging';
import { BotServiceModule, botMessagingOptions } from './bot-service.module';
import { BOT_SCHEMA, BotServiceConfig } from './config';
import { botDataSourceOptions } from './database';
import { BotHttpErrorFilter } from './http/http-error.filter';

export async function migrateBotSchema(config: BotServiceConfig): Promise<string[]> {
  const applied = await migrateSchema(botDataSourceOptions(config), BOT_SCHEMA);
  // with a broker user per service, its queue exists before anyone publishes to it
  await declareOwnTopology(botMessagingOptions(config));
  return applied;
}

export async function startBotService(
  config: BotServiceConfig,
  options: { port?: number } = {},
): Promise<INestApplication> {
  await migrateBotSchema(config);
  // Fastify: the webhook is the bot's only busy route, and Fastify's routing and body parsing cost less per update.
  const app = await NestFactory.create<NestFastifyApplication>(BotServiceModule.forRoot(config), new FastifyAdapter(), {
    bufferLogs: true,
  });
  app.useLogger(new FrameworkChatterAtDebug(app.get(Logger)));
  app.useGlobalFilters(new BotHttpErrorFilter(app.get(HttpAdapterHost)));
  connectConsumers(app, botMessagingOptions(config));
  // init first: it declares the RabbitMQ topology the consumers need
  await app.init();
  await app.startAllMicroservices();
  await app.listen(options.port ?? config.BOT_PORT, '0.0.0.0');
  return app;
}
