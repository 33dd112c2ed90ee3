import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GatewayConfig } from '../config';
import { announceEmployee } from './employee-events';
import { PasswordHasher } from './password-hasher';

const FIRST_ADMIN_LOCK = 'auth:first-admin';

/**
 * Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when there is no employee at all. Replicas
 * starting together take an advisory lock, so exactly one of them creates it.
 */
@Injectable()
export class FirstAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger(FirstAdmin.name);

  constructor(
    private readonly config: GatewayConfig,
    private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (await this.anyEmployee()) return;
    const passwordHash = await this.hasher.hash(this.config.ADMIN_PASSWORD);
    const created = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [FIRST_ADMIN_LOCK]);
      const rows: { id: number }[] = await manager.query(
        `INSERT INTO auth.employees (email, name, role, password_hash)
         SELECT $1, 'Administrator', 'admin', $2
         WHERE NOT EXISTS (SELECT 1 FROM auth.employees)
         RETURNING id`,
        [this.config.ADMIN_EMAIL, passwordHash],
      );
      if (rows[0]) await announceEmployee(manager, { id: rows[0].id, role: 'admin', active: true, away: false });
      return rows[0];
    });
    if (created) this.logger.log({ employeeId: created.id }, 'First admin created from ADMIN_EMAIL');
  }

  private async anyEmployee(): Promise<boolean> {
    const [{ exists }]: { exists: boolean }[] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM auth.employees) AS exists`,
    );
    return exists;
  }
}
