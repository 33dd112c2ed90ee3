import { MigrationInterface, QueryRunner } from 'typeorm';

/** Finished downloads are deleted by age (FileDownloadRetention): found by when they finished, never by a scan. */
export class FinishedDownloadsAgeIndex1736400000000 implements MigrationInterface {
  name = 'FinishedDownloadsAgeIndex1736400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX file_downloads_finished ON "bot".file_downloads (finished_at) WHERE finished_at IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "bot".file_downloads_finished');
  }
}
