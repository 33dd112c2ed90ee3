import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TableRetention } from './table-retention';

export const PROCESSED_EVENTS_RETENTION = Symbol('PROCESSED_EVENTS_RETENTION');

export interface ProcessedEventsRetentionOptions {
  schema: string;
  /** how long an event id is remembered; a redelivery comes within minutes (the outbox, the broker) */
  days: number;
}

/** Forgets handled event ids past the retention, so the dedupe table (one row per event ever handled) does not grow for ever. */
@Injectable()
export class ProcessedEventsRetention extends TableRetention {
  constructor(dataSource: DataSource, @Inject(PROCESSED_EVENTS_RETENTION) options: ProcessedEventsRetentionOptions) {
    super(dataSource, {
      table: `${options.schema}.processed_events`,
      key: ['event_id'],
      ageColumn: 'processed_at',
      maxAge: { days: options.days },
    });
  }
}
