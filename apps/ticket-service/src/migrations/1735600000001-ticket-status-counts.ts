import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tickets per status, maintained by triggers, so the `desk_tickets` gauge is a sum over a few dozen rows
 * instead of a count over every ticket. Each change adds its delta to a slot chosen by the backend's pid:
 * a backend runs one transaction at a time, so concurrent transactions almost never update the same row
 * (no hot row serialising ticket creation). Inserts are counted per statement (a batch of new tickets is
 * one upsert per status), status changes per row, and only when the status really changes.
 */
export class TicketStatusCounts1735600000001 implements MigrationInterface {
  name = 'TicketStatusCounts1735600000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE ticket.ticket_status_counts (
      status text NOT NULL,
      slot smallint NOT NULL,
      tickets bigint NOT NULL,
      PRIMARY KEY (status, slot)
    )`);
    await queryRunner.query(`CREATE FUNCTION ticket.count_ticket_statuses(deltas jsonb) RETURNS void LANGUAGE sql AS $$
      INSERT INTO ticket.ticket_status_counts AS c (status, slot, tickets)
      SELECT d.key, pg_backend_pid() % 64, d.value::bigint FROM jsonb_each_text(deltas) d
      ON CONFLICT (status, slot) DO UPDATE SET tickets = c.tickets + EXCLUDED.tickets
    $$`);
    await queryRunner.query(`CREATE FUNCTION ticket.tickets_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM ticket.count_ticket_statuses((SELECT jsonb_object_agg(status, n) FROM (SELECT status, count(*) AS n FROM new_tickets GROUP BY status) s))
          WHERE EXISTS (SELECT 1 FROM new_tickets);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE FUNCTION ticket.ticket_status_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM ticket.count_ticket_statuses(jsonb_build_object(OLD.status, -1, NEW.status, 1));
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE FUNCTION ticket.tickets_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM ticket.count_ticket_statuses((SELECT jsonb_object_agg(status, -n) FROM (SELECT status, count(*) AS n FROM old_tickets GROUP BY status) s))
          WHERE EXISTS (SELECT 1 FROM old_tickets);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER tickets_count_inserted AFTER INSERT ON ticket.tickets
      REFERENCING NEW TABLE AS new_tickets FOR EACH STATEMENT EXECUTE FUNCTION ticket.tickets_inserted()`);
    await queryRunner.query(`CREATE TRIGGER tickets_count_status_changed AFTER UPDATE OF status ON ticket.tickets
      FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION ticket.ticket_status_changed()`);
    await queryRunner.query(`CREATE TRIGGER tickets_count_deleted AFTER DELETE ON ticket.tickets
      REFERENCING OLD TABLE AS old_tickets FOR EACH STATEMENT EXECUTE FUNCTION ticket.tickets_deleted()`);
    // The tickets that exist already: counted once, under the lock that holds off writers meanwhile.
    await queryRunner.query('LOCK TABLE ticket.tickets IN SHARE MODE');
    await queryRunner.query(`INSERT INTO ticket.ticket_status_counts (status, slot, tickets)
      SELECT status, 0, count(*) FROM ticket.tickets GROUP BY status`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER tickets_count_deleted ON ticket.tickets');
    await queryRunner.query('DROP TRIGGER tickets_count_status_changed ON ticket.tickets');
    await queryRunner.query('DROP TRIGGER tickets_count_inserted ON ticket.tickets');
    await queryRunner.query('DROP FUNCTION ticket.tickets_deleted()');
    await queryRunner.query('DROP FUNCTION ticket.ticket_status_changed()');
    await queryRunner.query('DROP FUNCTION ticket.tickets_inserted()');
    await queryRunner.query('DROP FUNCTION ticket.count_ticket_statuses(jsonb)');
    await queryRunner.query('DROP TABLE ticket.ticket_status_counts');
  }
}
