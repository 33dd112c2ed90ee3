import { DynamicModule, Module } from '@nestjs/common';
import { TelegrafModule } from 'nestjs-telegraf';
import { ServiceName } from '@app/contracts';
import { AppConfigModule } from '@app/config';
import { PROCESSED_EVENTS_RETENTION, ProcessedEventsRetention } from '@app/database';
import { HealthModule } from '@app/health';
import { LoggingModule } from '@app/logging';
import { TelemetryModule } from '@app/telemetry';
import { MessagingModule, MessagingOptions, OUTBOX_OPTIONS, OutboxRelay, messagingOptionsFromEnv } from '@app/messaging';
import { ServiceDatabaseModule } from '@app/database';
import { BOT_SCHEMA, BotServiceConfig } from './config';
import { botDataSourceOptions } from './database';
import { OutboundQueue } from './delivery/outbound-queue';
import { SendPacing } from './delivery/send-pacing';
import { TelegramFileSender } from './delivery/telegram-file-sender';
import { TelegramSender } from './delivery/telegram-sender';
import { FileDownloads } from './files/file-downloads';
import { TelegramFileFetcher } from './files/telegram-file-fetcher';
import { TicketEventsMessageController } from './delivery/ticket-events.message.controller';
import { UpdateForwarder } from './forwarding/update-forwarder';
import { SurveyReplies } from './forwarding/survey-replies';
import { UpdateRetention } from './forwarding/update-retention';
import { GroupChats } from './intake/group-chats';
import { TelegramConnection } from './intake/telegram-connection';
import { telegramWebhookController } from './intake/telegram-webhook.http.controller';
import { TelegramUpdate } from './intake/telegram.update';
import { UpdateIntake } from './intake/update-intake';
import { BotMetrics } from './telemetry/bot-metrics';
import { FileTransferMetrics } from './telemetry/file-transfer-metrics';
import { SetAsideMetrics } from './telemetry/set-aside-metrics';
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
    const webhookControllers =
      config.TELEGRAM_MODE === 'webhook' ? [telegramWebhookController(new URL(config.TELEGRAM_WEBHOOK_URL!).pathname)] : [];
    return {
      module: BotServiceModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule.forRoot({ service: ServiceName.BotService, level: config.LOG_LEVEL, pretty: config.LOG_PRETTY }),
        ServiceDatabaseModule.forRoot(botDataSourceOptions(config)),
        MessagingModule.forRoot(botMessagingOptions(config)),
        TelegrafModule.forRoot({
          token: config.TELEGRAM_BOT_TOKEN,
          // Started by TelegramConnection once the app is up; a handler may wait for Postgres as long as it takes.
          launchOptions: false,
          options: { telegram: { apiRoot: config.TELEGRAM_API_ROOT }, handlerTimeout: Infinity },
        }),
        HealthModule,
        TelemetryModule.forRoot({ service: ServiceName.BotService }),
      ],
      controllers: [TicketEventsMessageController, ...webhookControllers],
      providers: [
        { provide: OUTBOX_OPTIONS, useValue: { schema: BOT_SCHEMA, databaseUrl: config.DATABASE_URL } },
        OutboxRelay,
        { provide: PROCESSED_EVENTS_RETENTION, useValue: { schema: BOT_SCHEMA, days: config.PROCESSED_EVENTS_RETENTION_DAYS } },
        ProcessedEventsRetention,
        TelegramConnection,
        TelegramUpdate,
        UpdateIntake,
        GroupChats,
        UpdateForwarder,
        SurveyReplies,
        UpdateRetention,
        OutboundQueue,
        SendPacing,
        TelegramSender,
        // media (issue 15)
        TelegramFileSender,
        TelegramFileFetcher,
        FileDownloads,
        BotMetrics,
        FileTransferMetrics,
        SetAsideUpdates,
        SetAsideMetrics,
      ],
    };
  }
}
