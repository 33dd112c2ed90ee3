import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ServiceName } from '@app/contracts';
import { AppConfigModule } from '@app/config';
import { HealthModule } from '@app/health';
import { LoggingModule } from '@app/logging';
import { MessagingModule, OUTBOX_OPTIONS, OutboxRelay, messagingOptionsFromEnv } from '@app/messaging';
import { BOT_SCHEMA, BotServiceConfig } from './config';
import { botDataSourceOptions } from './database';

@Module({})
export class BotServiceModule {
  static forRoot(config: BotServiceConfig): DynamicModule {
    return {
      module: BotServiceModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule.forRoot({ service: ServiceName.BotService, level: config.LOG_LEVEL, pretty: config.LOG_PRETTY }),
        TypeOrmModule.forRoot(botDataSourceOptions(config)),
        MessagingModule.forRoot(messagingOptionsFromEnv(ServiceName.BotService, config)),
        HealthModule,
      ],
      providers: [{ provide: OUTBOX_OPTIONS, useValue: { schema: BOT_SCHEMA, databaseUrl: config.DATABASE_URL } }, OutboxRelay],
    };
  }
}
