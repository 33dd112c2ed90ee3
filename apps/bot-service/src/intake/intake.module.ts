import { DynamicModule, Module } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { BotServiceConfig } from '../config';
import { DeliveryModule } from '../delivery/delivery.module';
import { ForwardingModule } from '../forwarding/forwarding.module';
import { SetAsideModule } from '../set-aside/set-aside.module';
import { BotMetricsModule } from '../telemetry/bot-metrics.module';
import { GroupChats } from './group-chats';
import { TelegramConnection } from './telegram-connection';
import { TelegramWebhookController } from './telegram-webhook.http.controller';
import { TelegramUpdate } from './telegram.update';
import { UpdateIntake } from './update-intake';

/** The path of TELEGRAM_WEBHOOK_URL, where Telegram posts updates in webhook mode. */
export const webhookPath = (config: BotServiceConfig): string => new URL(config.TELEGRAM_WEBHOOK_URL!).pathname;

/**
 * Updates from Telegram (long polling, or the webhook route in webhook mode), each stored before Telegram is
 * answered. The webhook controller is this module's only one; RouterModule mounts it at the configured path.
 */
@Module({})
export class IntakeModule {
  static forRoot(config: BotServiceConfig): DynamicModule {
    const webhook = config.TELEGRAM_MODE === 'webhook';
    return {
      module: IntakeModule,
      imports: [
        DeliveryModule,
        ForwardingModule,
        SetAsideModule,
        BotMetricsModule,
        ...(webhook ? [RouterModule.register([{ path: webhookPath(config), module: IntakeModule }])] : []),
      ],
      controllers: webhook ? [TelegramWebhookController] : [],
      providers: [TelegramConnection, TelegramUpdate, UpdateIntake, GroupChats],
    };
  }
}
