import { Ctx, Help, Next, On, Start, Update, Use } from 'nestjs-telegraf';
import { Context } from 'telegraf';
import { GroupChats } from './group-chats';
import { UpdateIntake } from './update-intake';

/**
 * Telegraf's handlers: each only stores the update (UpdateIntake), so that it is acknowledged to Telegram
 * once durable; ticket-service hears of it from UpdateForwarder. Declared in matching order: anything from
 * outside a private chat stops first, then /start and /help, then every other message, unknown commands
 * included, as a message to record.
 */
@Update()
export class TelegramUpdate {
  constructor(
    private readonly intake: UpdateIntake,
    private readonly groups: GroupChats,
  ) {}

  @Use()
  async privateChatsOnly(@Ctx() ctx: Context, @Next() next: () => Promise<void>): Promise<void> {
    if (!ctx.chat || ctx.chat.type === 'private') return next();
    await this.groups.turnAway(ctx.chat, ctx.from);
  }

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

  /** A client corrected a message (text or caption): recorded as an edit of it, never as a new message. */
  @On('edited_message')
  async editedMessage(@Ctx() ctx: Context): Promise<void> {
    await this.intake.accept(ctx.update, 'edit');
  }

  /** A tap on a survey button: stored like a message, answered once ticket-service has recorded it. */
  @On('callback_query')
  async tap(@Ctx() ctx: Context): Promise<void> {
    await this.intake.accept(ctx.update, 'rate');
  }
}
