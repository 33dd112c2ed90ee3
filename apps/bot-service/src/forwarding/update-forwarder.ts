import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Message, Update } from 'telegraf/types';
import { DataSource, EntityManager } from 'typeorm';
import { CodedError, ErrorCode, TicketRpc } from '@app/contracts';
import { APP_CONFIG } from '@app/config';
import { TICKET_SERVICE, TicketServiceClient } from '@app/messaging';
import { WorkLoops } from '../common/work-loop';
import { BOT_SCHEMA, BotServiceConfig } from '../config';
import { inboundRequest, profileOf } from '../intake/client-message';
import { InboundRoute } from '../intake/inbound-update.entity';

const IDLE_POLL_MS = 1000;
const MAX_BACKOFF_MS = 5000;
/** ticket-service refused the request itself: sending it again cannot help */
const REJECTIONS: readonly string[] = [ErrorCode.MalformedMessage, ErrorCode.ValidationFailed];

interface Claimed {
  update_id: string;
  chat_id: string;
  route: InboundRoute;
  payload: Update;
  attempts: number;
}

/**
 * The oldest unforwarded update of some chat, locked. Only a chat's oldest is a candidate, so while one
 * worker (of any replica) holds it, that chat's later updates wait: the client's order is kept.
 */
const CLAIM_NEXT = `
  SELECT u.update_id, u.chat_id, u.route, u.payload, u.attempts
  FROM "${BOT_SCHEMA}".inbound_updates u
  WHERE u.forwarded_at IS NULL AND u.next_attempt_at <= now()
    AND NOT EXISTS (
      SELECT 1 FROM "${BOT_SCHEMA}".inbound_updates e
      WHERE e.chat_id = u.chat_id AND e.forwarded_at IS NULL AND e.update_id < u.update_id)
  ORDER BY u.update_id
  LIMIT 1
  FOR UPDATE SKIP LOCKED`;

/**
 * Hands stored updates to ticket-service (RegisterClient for /start, RecordInbound for messages; both
 * idempotent), one at a time per chat in update_id order, marking each forwarded in the transaction that
 * holds its lock. While ticket-service or RabbitMQ is down the updates wait in the table and are retried
 * with backoff; the client is never told about it.
 */
@Injectable()
export class UpdateForwarder implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(UpdateForwarder.name);
  private readonly workers: WorkLoops;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(TICKET_SERVICE) private readonly ticketService: TicketServiceClient,
    @Inject(APP_CONFIG) config: BotServiceConfig,
  ) {
    this.workers = new WorkLoops('update-forwarder', config.BOT_FORWARD_CONCURRENCY, () => this.forwardNext(), this.logger);
  }

  onApplicationBootstrap(): void {
    this.workers.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.workers.stop();
  }

  wake(): void {
    this.workers.wake();
  }

  /** Forwards one update; returns how long to rest before looking again. */
  private forwardNext(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [claimed]: Claimed[] = await manager.query(CLAIM_NEXT);
      if (!claimed) return IDLE_POLL_MS;
      const log = { updateId: Number(claimed.update_id), chatId: Number(claimed.chat_id), route: claimed.route };
      try {
        await this.forward(claimed.route, claimed.payload);
        await this.markForwarded(manager, claimed.update_id, null);
        return 0;
      } catch (error) {
        const code = error instanceof CodedError ? error.code : undefined;
        if (code === undefined || REJECTIONS.includes(code)) {
          this.logger.error({ ...log, err: error }, 'ticket-service cannot take this update; set aside');
          await this.markForwarded(manager, claimed.update_id, `rejected: ${(error as Error).message}`);
          return 0;
        }
        const attempts = claimed.attempts + 1;
        const backoffMs = Math.min(200 * 2 ** (attempts - 1), MAX_BACKOFF_MS);
        this.logger.warn({ ...log, attempts, backoffMs, code }, 'ticket-service unavailable; the update waits');
        await manager.query(
          `UPDATE "${BOT_SCHEMA}".inbound_updates
           SET attempts = $2, last_error = $3, next_attempt_at = now() + make_interval(secs => $4) WHERE update_id = $1`,
          [claimed.update_id, attempts, `${code}: ${(error as Error).message}`, backoffMs / 1000],
        );
        return backoffMs;
      }
    });
  }

  private async forward(route: InboundRoute, update: Update): Promise<void> {
    const message = (update as Update.MessageUpdate).message as Message;
    if (route === 'register') await this.ticketService.call(TicketRpc.RegisterClient, profileOf(message));
    else if (route === 'record') await this.ticketService.call(TicketRpc.RecordInbound, inboundRequest(message));
  }

  private async markForwarded(manager: EntityManager, updateId: string, note: string | null): Promise<void> {
    await manager.query(`UPDATE "${BOT_SCHEMA}".inbound_updates SET forwarded_at = now(), last_error = $2 WHERE update_id = $1`, [
      updateId,
      note,
    ]);
  }
}
