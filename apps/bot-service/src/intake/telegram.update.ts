import { Ctx, Help, On, Start, Update } from 'nestjs-telegraf';
import { Context } from 'telegraf';
import { UpdateIntake } from './update-intake';

/**
 * Telegraf's handlers: each only stores the update (UpdateIntake), so that it is acknowledged to Telegram
 * once durable; ticket-service hears of it from UpdateForwarder. Declared in matching order: /start and
 * /help first, then every other message, unknown commands included, as a message to record.
 */
@Update()
export class TelegramUpdate {
  constructor(private readonly intake: UpdateIntake) {}

  @Start()
  async start(@Ctx() ctx: Context): Promise<void> {
    await this.intake.accept(ctx.update, 'register');
  }

  @Help()
  async help(@Ctx() ctx: Context): Promise<void> {
    await this.intake.accept(ctx.update, 'help');
  }

  @On('message')
  async message(@Ctx() ctx: Context): Promise<void> {
    await this.intake.accept(ctx.update, 'record');
  }

  /** A tap on a survey button: stored like a message, answered once ticket-service has recorded it. */
  @On('callback_query')
  async tap(@Ctx() ctx: Context): Promise<void> {
    await this.intake.accept(ctx.update, 'rate');
  }
}
