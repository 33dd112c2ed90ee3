import { DynamicModule, Module } from '@nestjs/common';
import { BotServiceConfig } from '../config';
import { DeliveryModule } from '../delivery/delivery.module';
import { ForwardingModule } from '../forwarding/forwarding.module';
import { SetAsideModule } from '../set-aside/set-aside.module';
import { BotMetricsModule } from '../telemetry/bot-metrics.module';
import { GroupChats } from './group-chats';
import { TelegramConnection } from './telegram-connection';
import { telegramWebhookController } from './telegram-webhook.http.controller';
import { TelegramUpdate } from './telegram.update';
import { UpdateIntake } from './update-intake';

/** Updates from Telegram (long polling, or the webhook route in webhook mode), each stored before Telegram is answered. */
@Module({})
export class IntakeModule {
  static forRoot(config: BotServiceConfig): DynamicModule {
    const webhookControllers =
      config.TELEGRAM_MODE === 'webhook'
        ? [telegramWebhookController(new URL(config.TELEGRAM_WEBHOOK_URL!).pathname)]
        : [];
    return {
      module: IntakeModule,
      imports: [DeliveryModule, ForwardingModule, SetAsideModule, BotMetricsModule],
      controllers: webhookControllers,
      providers: [TelegramConnection, TelegramUpdate, UpdateIntake, GroupChats],
    };
  }
}
