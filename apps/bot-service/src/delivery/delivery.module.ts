import { Module } from '@nestjs/common';
import { BotMetricsModule } from '../telemetry/bot-metrics.module';
import { OutboundQueue } from './outbound-queue';
import { SendPacing } from './send-pacing';
import { TelegramFileSender } from './telegram-file-sender';
import { TelegramSender } from './telegram-sender';
import { TicketEventsMessageController } from './ticket-events.message.controller';

/** Messages to clients: queued from ticket events and the bot's own notices, sent to Telegram within its limits. */
@Module({
  imports: [BotMetricsModule],
  controllers: [TicketEventsMessageController],
  providers: [OutboundQueue, SendPacing, TelegramSender, TelegramFileSender],
  exports: [OutboundQueue],
})
export class DeliveryModule {}
