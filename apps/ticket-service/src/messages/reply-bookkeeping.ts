import { Logger } from '@nestjs/common';
import { EntityManager, QueryFailedError } from 'typeorm';
import { CodedError, ErrorCode } from '@app/contracts';
import { Message } from './message.entity';

const UNIQUE_VIOLATION = '23505';

/** What text replies and file replies share: one message per Idempotency-Key, and the ticket answered. */
export const replyBookkeeping = {
  /**
   * Runs a reply; the same key raced on another ticket, whose lock did not serialize the two: the unique index
   * decided, and the loser hears that the key was used.
   */
  async onceByKey<T>(idempotencyKey: string | undefined, reply: () => Promise<T>): Promise<T> {
    try {
      return await reply();
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
        throw keyReused(idempotencyKey);
      }
      throw error;
    }
  },

  /**
   * The reply stored earlier under this employee's key, if any: a retry of a reply that committed after its
   * caller gave up. Looked up under the ticket's lock; a key reused for another request is refused.
   */
  async earlier(
    manager: EntityManager,
    employeeId: number,
    idempotencyKey: string | undefined,
    sameRequest: (earlier: Message) => boolean,
    logger: Logger,
  ): Promise<Message | null> {
    if (!idempotencyKey) return null;
    const earlier = await manager.findOneBy(Message, { employeeId, idempotencyKey });
    if (!earlier) return null;
    if (!sameRequest(earlier)) throw keyReused(idempotencyKey);
    logger.log(
      { ticketId: Number(earlier.ticketId), messageId: earlier.id, employeeId },
      'Reply retried with its Idempotency-Key; not sent again',
    );
    return earlier;
  },

  /**
   * Only an employee's reply (text or file) is a response: the ticket no longer awaits one, and the first one
   * stops the first-response clock.
   */
  async answered(manager: EntityManager, ticketId: number, preview: string): Promise<void> {
    await manager.query(
      `UPDATE ticket.tickets SET last_message_at = now(), last_message_preview = $2, updated_at = now(), waiting_since = NULL,
         first_response_at = COALESCE(first_response_at, now())
       WHERE id = $1`,
      [ticketId, preview],
    );
  },
};

function keyReused(key: string | undefined): CodedError {
  return new CodedError(ErrorCode.IdempotencyKeyReused, `Idempotency-Key ${key} was used before with another request`);
}
