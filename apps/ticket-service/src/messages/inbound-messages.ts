import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { queryPrepared } from '@app/database';
import {
  Events,
  InboundBatchItemResult,
  RecordInboundCommand,
  RecordInboundResult,
  TelegramProfile,
} from '@app/contracts';
import { addToOutbox } from '@app/messaging';
import { ClientRegistry } from '../clients/client-registry';
import { TICKET_SCHEMA } from '../config';
import { ticketFeed } from '../feed/ticket-feed';
import { RatingComments } from '../satisfaction/rating-comments';
import { SlaClock } from '../service-level/sla-clock';
import { ActiveTicket, lockActiveTickets, lockOrOpenActiveTickets } from '../tickets/active-tickets';
import { InboundEdits } from './inbound-edits';
import { InboundBatchPlan, InboundItem, planInboundBatch, telegramKey } from './inbound-batch-plan';
import { messagePreview } from './message-preview';
import { Message } from './message.entity';
import { MESSAGE_COLUMNS } from './message.view';
import { recordSystemNotice } from './system-notices';
import { AutoAssignment } from '../assignment/auto-assignment';
import { fileNameText, searchDocumentSql } from '../tickets/ticket-search';
import { TICKET_VIEW_COLUMNS, TicketViewRow, readTicketViews, toTicketView } from '../tickets/ticket.view';

/** What recording a message gave, whichever call did it. */
type Recorded = Omit<RecordInboundResult, 'duplicate'>;

/** Thrown inside the transaction when a concurrent twin recorded one of the batch's messages first. */
class RecordedConcurrently extends Error {}

/** Attempts of a whole batch that meets deadlocks or serialization failures. */
const TRANSIENT_FAILURE_ATTEMPTS = 5;
const TRANSIENT_SQLSTATES = new Set(['40P01', '40001']);

/**
 * Records what clients wrote, a batch of updates at a time: each message on its client's active ticket,
 * or on a new one when there is none, in the order of the items. Idempotent on Telegram's (chat id,
 * message id), so a redelivered update changes nothing. A batch is a handful of statements and one commit,
 * however many clients and messages it holds; a single message is a batch of one.
 */
@Injectable()
export class InboundMessages {
  private readonly logger = new Logger(InboundMessages.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly clients: ClientRegistry,
    private readonly autoAssignment: AutoAssignment,
    private readonly edits: InboundEdits,
    private readonly sla: SlaClock,
    private readonly ratingComments: RatingComments,
  ) {}

  async record(message: RecordInboundCommand): Promise<RecordInboundResult> {
    const [result] = await this.recordBatch([{ route: 'record', message }]);
    const { route: _route, ...recorded } = result as Extract<InboundBatchItemResult, { route: 'record' }>;
    return recorded;
  }

  /** One result per item, in the items' order. Edits are applied after the batch's messages are stored. */
  async recordBatch(items: InboundItem[]): Promise<InboundBatchItemResult[]> {
    const results = await this.recordMessages(items);
    for (const [i, item] of items.entries()) {
      if (item.route === 'edit') results[i] = { route: 'edit', messageId: await this.edits.record(item.edit) };
    }
    return results;
  }

  /**
   * Applies the batch, again after losing a race. The first attempt assumes every message is new, as nearly
   * all are: a message recorded before (a redelivery) makes the insert find its twin, and the batch is rolled
   * back and applied again, now looking up what was recorded first. So an ordinary message pays no lookup.
   * Two kinds of race, each with its own allowance of retries: a twin recorded one of the messages first (its
   * commit is progress: that message is found recorded next time, so one retry per item, and the first
   * attempt's, always ends), or Postgres broke a deadlock or a serialization conflict (a few tries; after that
   * the caller gets the error and retries later).
   */
  private async recordMessages(items: InboundItem[]): Promise<InboundBatchItemResult[]> {
    const retriesLeft = { twin: items.length + 1, transient: TRANSIENT_FAILURE_ATTEMPTS - 1 };
    let assumeNew = true;
    for (;;) {
      try {
        return await this.apply(items, assumeNew);
      } catch (error) {
        const race = error instanceof RecordedConcurrently ? 'twin' : isTransient(error) ? 'transient' : undefined;
        if (race === undefined || retriesLeft[race] === 0) throw error;
        retriesLeft[race] -= 1;
        if (race === 'twin' && assumeNew) {
          assumeNew = false;
          this.logger.log({ items: items.length }, 'Inbound batch holds a message recorded before; applied again');
        } else {
          this.logger.warn({ items: items.length, reason: String(error) }, 'Inbound batch retried');
        }
      }
    }
  }

  private async apply(items: InboundItem[], assumeNew: boolean): Promise<InboundBatchItemResult[]> {
    const messages = items.flatMap((item) => (item.route === 'record' ? [item.message] : []));
    const recorded = assumeNew
      ? new Map<string, Recorded>()
      : await this.findRecorded(this.dataSource.manager, messages);
    const plan = planInboundBatch(items, new Set(recorded.keys()));
    const profiles = [...plan.profiles.values()];
    if (profiles.length === 0) return resultsOf(items, new Map(), recorded);
    if (plan.fresh.length === 0) {
      return resultsOf(items, await this.clients.upsertProfiles(this.dataSource.manager, profiles), recorded);
    }
    return this.dataSource.transaction(async (manager) => {
      const clientIds = await this.clients.upsertProfiles(manager, profiles);
      const stored = await this.store(manager, plan, clientIds);
      return resultsOf(items, clientIds, recorded, stored);
    });
  }

  /** Stores the plan's new messages on their tickets; answers each one's result by Telegram key. */
  private async store(
    manager: EntityManager,
    plan: InboundBatchPlan,
    clientIds: Map<number, number>,
  ): Promise<Map<string, Recorded>> {
    const clientOf = (message: RecordInboundCommand) => clientIds.get(message.telegramId)!;
    // A comment on a rating goes on the rated ticket; every other message on the client's active one. A client
    // with an active ticket has no rating open to a comment (RatingComments), so only the others are asked.
    const active = await lockActiveTickets(manager, plan.fresh.map(clientOf));
    const comments = await this.ratingComments.take(
      manager,
      plan.fresh.filter((message) => !active.has(clientOf(message))),
      clientOf,
    );
    const ticketed = plan.fresh.filter((message) => !comments.has(telegramKey(message)));
    const tickets = await lockOrOpenActiveTickets(
      manager,
      ticketed.map(clientOf),
      this.sla.dueTimes(new Date()),
      active,
    );
    const ticketOf = (message: RecordInboundCommand): ActiveTicket => {
      const rated = comments.get(telegramKey(message));
      return rated === undefined ? tickets.get(clientOf(message))! : { ticketId: rated, created: false };
    };
    const inserted = await this.insertMessages(
      manager,
      plan.fresh,
      (message) => ticketOf(message).ticketId,
      (message) => searchableText(message, plan.profiles.get(message.telegramId)!),
    );

    const stored = new Map<string, Recorded>();
    const openedBy = new Map<number, RecordInboundCommand>();
    const lastPreview = new Map<number, string>();
    for (const message of plan.fresh) {
      const { ticketId, created } = ticketOf(message);
      const opens = created && !openedBy.has(ticketId);
      if (opens) openedBy.set(ticketId, message);
      // only a comment says so: every other result keeps its shape
      const csatComment = comments.has(telegramKey(message)) ? { csatComment: true } : {};
      stored.set(telegramKey(message), {
        ticketId,
        messageId: Number(inserted.get(telegramKey(message))!.id),
        ticketCreated: opens,
        ...csatComment,
      });
      lastPreview.set(ticketId, messagePreview(message.kind, message.text));
    }

    // The client wrote last: the ticket awaits a reply since the first message nobody answered yet (a comment on
    // a closed ticket's rating awaits none). The statement answers the tickets' views as changed, for the feed.
    const changed = await queryPrepared<TicketViewRow>(
      manager,
      `UPDATE ticket.tickets t SET last_message_at = now(), last_message_preview = u.preview, updated_at = now(),
         waiting_since = CASE WHEN t.status = 'closed' THEN t.waiting_since ELSE coalesce(t.waiting_since, now()) END
       FROM unnest($1::int[], $2::text[]) AS u(id, preview), ticket.clients c
       WHERE t.id = u.id AND c.id = t.client_id
       RETURNING ${TICKET_VIEW_COLUMNS}`,
      [[...lastPreview.keys()], [...lastPreview.values()]],
    );
    for (const [ticketId, message] of openedBy) {
      await this.announce(manager, ticketId, clientOf(message), plan.profiles.get(message.telegramId)!);
    }
    // A ticket opened here may have been assigned since: its view is read again.
    const views = [
      ...changed.filter((row) => !openedBy.has(row.id)).map(toTicketView),
      ...(openedBy.size > 0 ? await readTicketViews(manager, [...openedBy.keys()]) : []),
    ].sort((a, b) => a.id - b.id);
    await ticketFeed.messagesAddedToTickets(
      manager,
      views,
      [...inserted.values()].sort((a, b) => Number(a.id) - Number(b.id)),
    );
    return stored;
  }

  /**
   * Inserts the messages in their order, so a chat's message ids follow the order the client sent them in;
   * answers the stored rows (as readMessages reads them) by Telegram key. Each row holds its search document.
   */
  private async insertMessages(
    manager: EntityManager,
    messages: RecordInboundCommand[],
    ticketOf: (message: RecordInboundCommand) => number,
    searchTextOf: (message: RecordInboundCommand) => string,
  ): Promise<Map<string, Message>> {
    const column = <T>(value: (message: RecordInboundCommand) => T) => messages.map(value);
    const attachment = <T>(value: (meta: NonNullable<RecordInboundCommand['attachment']>) => T) =>
      messages.map((message) => (message.fileId !== null && message.attachment ? value(message.attachment) : null));
    const inserted = await queryPrepared<Message>(
      manager,
      `INSERT INTO ticket.messages (ticket_id, direction, kind, text, file_id, telegram_chat_id, telegram_message_id, sent_at,
         attachment_state, attachment_file_name, attachment_mime_type, attachment_size, attachment_width, attachment_height,
         attachment_duration, reply_to_message_id, search)
       SELECT ticket_id, 'inbound', kind, text, file_id, chat_id, message_id, sent_at,
         state, file_name, mime_type, size, width, height, duration,
         (SELECT r.id FROM ticket.messages r WHERE r.telegram_chat_id = m.chat_id AND r.telegram_message_id = m.reply_to),
         ${searchDocumentSql('words')}
       FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::timestamptz[],
                   $8::text[], $9::text[], $10::bigint[], $11::int[], $12::int[], $13::int[], $14::bigint[], $15::text[],
                   $16::text[])
         WITH ORDINALITY AS m(ticket_id, kind, text, file_id, chat_id, message_id, sent_at,
                              file_name, mime_type, size, width, height, duration, reply_to, state, words, position)
       ORDER BY position
       ON CONFLICT (telegram_chat_id, telegram_message_id) DO NOTHING
       RETURNING ${MESSAGE_COLUMNS}`,
      [
        column(ticketOf),
        column((message) => message.kind),
        column((message) => message.text),
        column((message) => message.fileId),
        column((message) => message.chatId),
        column((message) => message.telegramMessageId),
        column((message) => message.sentAt),
        attachment((meta) => meta.fileName),
        attachment((meta) => meta.mimeType),
        attachment((meta) => meta.size),
        attachment((meta) => meta.width),
        attachment((meta) => meta.height),
        attachment((meta) => meta.duration),
        column((message) => message.replyToTelegramMessageId),
        // its bytes are on their way from Telegram (bot-service settles the state)
        attachment(() => 'pending'),
        column(searchTextOf),
      ],
    );
    // Rolls back the tickets this transaction may have opened; the retry finds the twin's messages recorded.
    if (inserted.length < messages.length)
      throw new RecordedConcurrently('a message of the batch was recorded concurrently');
    return new Map(
      inserted.map((row) => [
        telegramKey({ chatId: row.telegramChatId!, telegramMessageId: row.telegramMessageId! }),
        row,
      ]),
    );
  }

  /** A new ticket: given to an agent when auto-assignment is on, and its number told to the client. */
  private async announce(
    manager: EntityManager,
    ticketId: number,
    clientId: number,
    profile: TelegramProfile,
  ): Promise<void> {
    await this.autoAssignment.assignNew(manager, ticketId);
    await addToOutbox(manager, TICKET_SCHEMA, Events.TicketCreated, {
      ticketId,
      clientId,
      telegramId: profile.telegramId,
      chatId: profile.chatId,
      languageCode: profile.languageCode,
      noticeMessageId: await recordSystemNotice(manager, ticketId, profile.chatId),
      ...outsideHoursNotice(this.sla.outsideHours(new Date())),
    });
    this.logger.log({ ticketId, clientId }, 'Ticket opened by a client message');
  }

  /**
   * The results these Telegram messages got when they were first recorded, by Telegram key. A message
   * opened its ticket exactly when it is the ticket's first message: a ticket is opened in the transaction
   * of its first message.
   */
  private async findRecorded(manager: EntityManager, messages: RecordInboundCommand[]): Promise<Map<string, Recorded>> {
    const recorded = new Map<string, Recorded>();
    if (messages.length === 0) return recorded;
    const rows = await queryPrepared<{
      id: string;
      ticket_id: number;
      telegram_chat_id: string;
      telegram_message_id: string;
      opened_ticket: boolean;
    }>(
      manager,
      `SELECT m.id, m.ticket_id, m.telegram_chat_id, m.telegram_message_id,
                NOT EXISTS (SELECT 1 FROM ticket.messages e WHERE e.ticket_id = m.ticket_id AND e.id < m.id) AS opened_ticket
         FROM unnest($1::bigint[], $2::bigint[]) AS k(chat_id, message_id)
         JOIN ticket.messages m ON m.telegram_chat_id = k.chat_id AND m.telegram_message_id = k.message_id`,
      [messages.map((message) => message.chatId), messages.map((message) => message.telegramMessageId)],
    );
    for (const row of rows) {
      const key = telegramKey({ chatId: row.telegram_chat_id, telegramMessageId: row.telegram_message_id });
      recorded.set(key, { ticketId: row.ticket_id, messageId: Number(row.id), ticketCreated: row.opened_ticket });
      this.logger.log(
        { ticketId: row.ticket_id, telegramMessageId: Number(row.telegram_message_id) },
        'Redelivered message ignored',
      );
    }
    return recorded;
  }
}

/** Each item's result: a message stored by this batch answers as new once, any repeat as a duplicate. */
function resultsOf(
  items: InboundItem[],
  clientIds: Map<number, number>,
  recorded: Map<string, Recorded>,
  stored = new Map<string, Recorded>(),
): InboundBatchItemResult[] {
  const answered = new Set<string>();
  return items.map((item) => {
    if (item.route === 'register') return { route: 'register', clientId: clientIds.get(item.profile.telegramId)! };
    if (item.route === 'edit') return { route: 'edit', messageId: null };
    const key = telegramKey(item.message);
    const earlier = recorded.get(key);
    if (earlier) return { route: 'record', ...earlier, duplicate: true };
    const duplicate = answered.has(key);
    answered.add(key);
    return { route: 'record', ...stored.get(key)!, duplicate };
  });
}

/**
 * What search finds a ticket by from a client's message: its text or caption, its file's name, and who wrote it
 * (their names may change, so each message holds the names it was written under).
 */
function searchableText(message: RecordInboundCommand, profile: TelegramProfile): string {
  const fileName = message.fileId !== null ? message.attachment?.fileName : undefined;
  return [message.text, fileName && fileNameText(fileName), profile.username, profile.firstName, profile.lastName]
    .filter((part): part is string => !!part)
    .join(' ');
}

/** Only a ticket opened outside business hours carries the field: the event keeps its shape otherwise. */
function outsideHoursNotice(outside: { answerFrom: Date; timeZone: string } | null) {
  return outside
    ? { outsideBusinessHours: { answerFrom: outside.answerFrom.toISOString(), timeZone: outside.timeZone } }
    : {};
}

function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TRANSIENT_SQLSTATES.has(code);
}
