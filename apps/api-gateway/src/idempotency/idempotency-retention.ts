import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TableRetention } from '@app/database';
import { IDEMPOTENCY_KEY_TTL_HOURS } from './idempotency-store';

/** Deletes idempotency keys past their 24 h. */
@Injectable()
export class IdempotencyRetention extends TableRetention {
  constructor(dataSource: DataSource) {
    super(dataSource, {
      table: 'auth.idempotency_keys',
      key: ['employee_id', 'key'],
      ageColumn: 'created_at',
      maxAge: { hours: IDEMPOTENCY_KEY_TTL_HOURS },
    });
  }
}
