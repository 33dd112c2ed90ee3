import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** Where an update was set aside: refused at the door, not storable, or not accepted by ticket-service. */
export const SET_ASIDE_STAGES = ['malformed', 'unstorable', 'forward'] as const;
export type SetAsideStage = (typeof SET_ASIDE_STAGES)[number];

export interface SetAside {
  updateId: number | null;
  chatId: number | null;
  stage: SetAsideStage;
  reason: string;
  /** the update as it came (JSON), or what could be made of it */
  payload: unknown;
}

const INSERT = `
  INSERT INTO bot.set_aside_updates (update_id, chat_id, stage, reason, payload)
  VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`;

/** JSON text always (escapes keep U+0000 out of the column); a value JSON cannot write is described instead. */
function payloadText(payload: unknown): string {
  try {
    return JSON.stringify(payload) ?? String(payload);
  } catch (error) {
    return `<not serializable: ${(error as Error).message}>`;
  }
}

/**
 * Updates that cannot be served are kept in `bot.set_aside_updates` (operators read it; README, Reliability)
 * with a log line, so that one of them never stops the updates behind it.
 */
@Injectable()
export class SetAsideUpdates {
  private readonly logger = new Logger(SetAsideUpdates.name);

  constructor(private readonly dataSource: DataSource) {}

  /** Keeps the update aside; rejects only if Postgres cannot be written, so the caller retries. */
  async keep(update: SetAside, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(INSERT, [
      update.updateId,
      update.chatId,
      update.stage,
      update.reason.slice(0, 2000),
      payloadText(update.payload),
    ]);
    this.logger.error(
      { updateId: update.updateId, chatId: update.chatId, stage: update.stage, reason: update.reason },
      'Telegram update set aside',
    );
  }
}
