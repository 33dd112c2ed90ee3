import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attachments: a file store in chunks (the bytes of clients' and employees' files, in this schema, so they
 * are in the same backups and shared by every replica), each message's file and its state, the client's
 * edits of a message (earlier versions kept) and the message a client's message answers.
 */
export class Attachments1735400000000 implements MigrationInterface {
  name = 'Attachments1735400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE ticket.files (
      id uuid PRIMARY KEY,
      size bigint,
      chunk_count integer,
      mime_type text,
      created_at timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz,
      CHECK ((completed_at IS NULL) = (size IS NULL))
    )`);
    await queryRunner.query(`CREATE TABLE ticket.file_chunks (
      file_id uuid NOT NULL REFERENCES ticket.files (id) ON DELETE CASCADE,
      index integer NOT NULL CHECK (index >= 0),
      data bytea NOT NULL,
      PRIMARY KEY (file_id, index)
    )`);
    // Photos, archives and PDFs are compressed already: storing them out of line without pglz saves the CPU.
    await queryRunner.query(`ALTER TABLE ticket.file_chunks ALTER COLUMN data SET STORAGE EXTERNAL`);

    await queryRunner.query(`ALTER TABLE ticket.messages
      ADD COLUMN attachment_state text CHECK (attachment_state IN ('pending', 'ready', 'too_large', 'failed')),
      ADD COLUMN attachment_file_id uuid REFERENCES ticket.files (id),
      ADD COLUMN attachment_file_name text,
      ADD COLUMN attachment_mime_type text,
      ADD COLUMN attachment_size bigint,
      ADD COLUMN attachment_width integer,
      ADD COLUMN attachment_height integer,
      ADD COLUMN attachment_duration integer,
      ADD COLUMN edited_at timestamptz,
      ADD COLUMN reply_to_message_id bigint REFERENCES ticket.messages (id),
      ADD CHECK (attachment_state = 'ready' OR attachment_file_id IS NULL)`);

    await queryRunner.query(`CREATE TABLE ticket.message_edits (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      message_id bigint NOT NULL REFERENCES ticket.messages (id),
      text text,
      edited_at timestamptz NOT NULL
    )`);
    await queryRunner.query(`CREATE INDEX message_edits_of_message ON ticket.message_edits (message_id, edited_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE ticket.message_edits');
    await queryRunner.query(`ALTER TABLE ticket.messages
      DROP COLUMN attachment_state, DROP COLUMN attachment_file_id, DROP COLUMN attachment_file_name,
      DROP COLUMN attachment_mime_type, DROP COLUMN attachment_size, DROP COLUMN attachment_width,
      DROP COLUMN attachment_height, DROP COLUMN attachment_duration, DROP COLUMN edited_at, DROP COLUMN reply_to_message_id`);
    await queryRunner.query('DROP TABLE ticket.file_chunks');
    await queryRunner.query('DROP TABLE ticket.files');
  }
}
