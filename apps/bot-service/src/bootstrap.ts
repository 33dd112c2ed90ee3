import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { migrateSchema } from '@app/database';
import { connectConsumers } from '@app/messaging';
import { BotServiceModule, botMessagingOptions } from './bot-service.module';
import { BOT_SCHEMA, BotServiceConfig } from './config';
import { botDataSourceOptions } from './database';

export function migrateBotSchema(config: BotServiceConfig): Promise<string[]> {
  return migrateSchema(botDataSourceOptions(config), BOT_SCHEMA);
}

export async function startBotService(config: BotServiceConfig, options: { port?: number } = {}): Promise<INestApplication> {
  await migrateBotSchema(config);
  const app = await NestFactory.create(BotServiceModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  connectConsumers(app, botMessagingOptions(config));
  // init first: it declares the RabbitMQ topology the consumers need
  await app.init();
  await app.startAllMicroservices();
  await app.listen(options.port ?? config.BOT_PORT, '0.0.0.0');
  return app;
}
