import { DynamicModule, Module } from '@nestjs/common';
import { TelegrafModule } from 'nestjs-telegraf';
import { ServiceName } from '@app/contracts';
import { AppConfigModule } from '@app/config';
import { PROCESSED_EVENTS_RETENTION, ProcessedEventsRetention } from '@app/database';
import { HealthModule } from '@app/health';
import { LoggingModule } from '@app/logging';
import { TelemetryModule } from '@app/telemetry';
import {
  MessagingModule,
  MessagingOptions,
  OUTBOX_OPTIONS,
  OutboxRelay,
  messagingOptionsFromEnv,
} from '@app/messaging';
import { ServiceDatabaseModule } from '@app/database';
import { BOT_SCHEMA, BotServiceConfig } from './config';
import { botDataSourceOptions } from './database';
import { DeliveryModule } from './delivery/delivery.module';
import { ForwardingModule } from './forwarding/forwarding.module';
import { IntakeModule, webhookPath } from './intake/intake.module';
import { oneUpdateAtATimePerChat, setAsideMalformedUpdates } from './intake/update-middleware';
import { SetAsideModule } from './set-aside/set-aside.module';
import { SetAsideUpdates } from './set-aside/set-aside-updates';

/**
 * Events are consumed one at a time: each only queues a row, far faster than Telegram lets the bot send,
 * and handling them in queue order keeps a client's notifications in the order they happened.
 */
export function botMessagingOptions(config: BotServiceConfig): MessagingOptions {
  return { ...messagingOptionsFromEnv(ServiceName.BotService, config), eventPrefetch: 1 };
}

@Module({})
export class BotServiceModule {
  static forRoot(config: BotServiceConfig): DynamicModule {
    return {
      module: BotServiceModule,
      imports: [
        AppConfigModule.forRoot(BotServiceConfig, config),
        LoggingModule.forRoot({
          service: ServiceName.BotService,
          level: config.LOG_LEVEL,
          pretty: config.LOG_PRETTY,
          unloggedRoutes: config.TELEGRAM_MODE === 'webhook' ? [webhookPath(config)] : [],
        }),
        ServiceDatabaseModule.forRoot(botDataSourceOptions(config)),
        MessagingModule.forRoot(botMessagingOptions(config)),
        TelegrafModule.forRootAsync({
          imports: [SetAsideModule],
          inject: [SetAsideUpdates],
          useFactory: (setAside: SetAsideUpdates) => ({
            token: config.TELEGRAM_BOT_TOKEN,
            // Started by TelegramConnection once the app is up; a handler may wait for Postgres as long as it takes.
            launchOptions: false,
            options: { telegram: { apiRoot: config.TELEGRAM_API_ROOT }, handlerTimeout: Infinity },
            // Ahead of every handler (nestjs-telegraf adds the @Update handlers after these).
            middlewares: [setAsideMalformedUpdates(setAside), oneUpdateAtATimePerChat()],
          }),
        }),
        HealthModule,
        TelemetryModule.forRoot({ service: ServiceName.BotService }),
        IntakeModule.forRoot(config),
        ForwardingModule,
        DeliveryModule,
      ],
      providers: [
        { provide: OUTBOX_OPTIONS, useValue: { schema: BOT_SCHEMA, databaseUrl: config.DATABASE_URL } },
        OutboxRelay,
        {
          provide: PROCESSED_EVENTS_RETENTION,
          useValue: { schema: BOT_SCHEMA, days: config.PROCESSED_EVENTS_RETENTION_DAYS },
        },
        ProcessedEventsRetention,
      ],
    };
  }
}
