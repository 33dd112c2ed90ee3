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
} from '@nestjs/common';
import type { Update } from 'telegraf/types';
import { BotServiceConfig } from '../config';
import { TelegramConnection } from './telegram-connection';

export const SECRET_TOKEN_HEADER = 'x-telegram-bot-api-secret-token';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The webhook route, at the path of TELEGRAM_WEBHOOK_URL (IntakeModule mounts this module's routes there
 * with RouterModule). Answers 200 only once the update is stored, so Telegram delivers again whatever we
 * could not keep; 403 without the right secret token.
 * (Telegraf's own webhookCallback answers 200 even when the handler failed, hence this route.)
 * Not logged per request (LoggingOptions.unloggedRoutes, see BotServiceModule): at Telegram's rate a child
 * logger and request id per update were a tenth of the route's CPU, so the refusals are logged here instead.
 */
@Controller()
export class TelegramWebhookController {
  private readonly logger = new Logger(TelegramWebhookController.name);
  /** Compared by digest: equal lengths for timingSafeEqual, and no timing hint of the secret's length. */
  private readonly expectedDigest: Buffer;

  constructor(
    private readonly connection: TelegramConnection,
    config: BotServiceConfig,
  ) {
    this.expectedDigest = digest(config.TELEGRAM_WEBHOOK_SECRET!);
  }

  @Post()
  @HttpCode(200)
  async receive(@Headers(SECRET_TOKEN_HEADER) secret: string | undefined, @Body() update: Update): Promise<void> {
    if (secret === undefined || !timingSafeEqual(digest(secret), this.expectedDigest)) {
      this.logger.warn('Webhook request refused: wrong or missing secret token');
      throw new ForbiddenException('Wrong or missing secret token');
    }
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
