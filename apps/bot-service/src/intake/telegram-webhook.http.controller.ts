import { createHash, timingSafeEqual } from 'node:crypto';
import {
  Body,
  Controller,
  ForbiddenException,
  Headers,
  HttpCode,
  Logger,
  Post,
  ServiceUnavailableException,
  Type,
} from '@nestjs/common';
import type { Update } from 'telegraf/types';
import { BotServiceConfig } from '../config';
import { TelegramConnection } from './telegram-connection';

export const SECRET_TOKEN_HEADER = 'x-telegram-bot-api-secret-token';

const digest = (value: string) => createHash('sha256').update(value).digest();
const sameSecret = (given: string | undefined, expected: string) =>
  given !== undefined && timingSafeEqual(digest(given), digest(expected));

/**
 * The webhook route, at the path of TELEGRAM_WEBHOOK_URL. Answers 200 only once the update is stored, so
 * Telegram delivers again whatever we could not keep; 403 without the right secret token.
 * (Telegraf's own webhookCallback answers 200 even when the handler failed, hence this route.)
 */
export function telegramWebhookController(path: string): Type<unknown> {
  @Controller()
  class TelegramWebhookController {
    private readonly logger = new Logger('TelegramWebhookController');

    constructor(
      private readonly connection: TelegramConnection,
      private readonly config: BotServiceConfig,
    ) {}

    @Post(path)
    @HttpCode(200)
    async receive(@Headers(SECRET_TOKEN_HEADER) secret: string | undefined, @Body() update: Update): Promise<void> {
      if (!sameSecret(secret, this.config.TELEGRAM_WEBHOOK_SECRET!))
        throw new ForbiddenException('Wrong or missing secret token');
      // A malformed update is set aside and acknowledged by handleWebhookUpdate, never answered with an error.
      try {
        await this.connection.handleWebhookUpdate(update);
      } catch (error) {
        this.logger.warn(
          { err: error, updateId: (update as Partial<Update> | null)?.update_id },
          'Webhook update not stored; Telegram will deliver it again',
        );
        throw new ServiceUnavailableException('Update not stored; deliver it again');
      }
    }
  }
  return TelegramWebhookController;
}
