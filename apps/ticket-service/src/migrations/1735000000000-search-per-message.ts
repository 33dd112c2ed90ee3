import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search indexes each message's words once, in the message's own row, instead of one document per ticket.
 *
 * The ticket's document grew with its conversation, and a ticket row is rewritten on every message, reply,
 * status change or assignment (no update is HOT: the list indexes cover `updated_at`), so GIN indexed the whole
 * conversation's words again each time: index work grew with the conversation, and its pending-list merges were
 * the stalls of the ingest tail (bench/README.md, "What the 1,000/s tail waits on"). A message's row is written
 * once, so its words are indexed once. The list matches a ticket whose messages together hold every word
 * (TicketQuery, one semi-join per word), as before.
 *
 * Existing documents move whole to each ticket's first message, so everything findable stays findable.
 */
export class SearchPerMessage1735000000000 implements MigrationInterface {
  name = 'SearchPerMessage1735000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const run = (sql: string) => queryRunner.query(sql);
    // a constant default: no table rewrite
    await run(`ALTER TABLE ticket.messages ADD COLUMN search tsvector NOT NULL DEFAULT ''::tsvector`);
    await run(`UPDATE ticket.messages m SET search = t.search
      FROM (SELECT ticket_id, min(id) AS id FROM ticket.messages GROUP BY ticket_id) first
      JOIN ticket.tickets t ON t.id = first.ticket_id
      WHERE m.id = first.id AND t.search <> ''::tsvector`);
    await run(`CREATE INDEX messages_search ON ticket.messages USING gin (search)`);
    // The planner picks between looking a word up first and checking it on the tickets an ordered scan reads by
    // how common it thinks the word is: rare words need statistics of their own to be known as rare.
    await run(`ALTER TABLE ticket.messages ALTER COLUMN search SET STATISTICS 2000`);
    await run(`DROP INDEX ticket.tickets_search`);
    await run(`ALTER TABLE ticket.tickets DROP COLUMN search`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const run = (sql: string) => queryRunner.query(sql);
    await run(`ALTER TABLE ticket.tickets ADD COLUMN search tsvector NOT NULL DEFAULT ''::tsvector`);
    await run(`UPDATE ticket.tickets t SET search = d.search
      FROM (SELECT ticket_id, array_to_tsvector(array_agg(DISTINCT word)) AS search
            FROM ticket.messages, unnest(tsvector_to_array(search)) AS word GROUP BY ticket_id) d
      WHERE t.id = d.ticket_id`);
    await run(`CREATE INDEX tickets_search ON ticket.tickets USING gin (search)`);
    await run(`ALTER TABLE ticket.tickets ALTER COLUMN search SET STATISTICS 2000`);
    await run(`DROP INDEX ticket.messages_search`);
    await run(`ALTER TABLE ticket.messages DROP COLUMN search`);
  }
}
