import { MigrationInterface, QueryRunner } from 'typeorm';

/** Group chats the bot has told, once, to write in private instead. */
export class GroupChats1735200000200 implements MigrationInterface {
  name = 'GroupChats1735200000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE bot.group_chats (
      chat_id bigint PRIMARY KEY,
      told_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE bot.group_chats');
  }
}
