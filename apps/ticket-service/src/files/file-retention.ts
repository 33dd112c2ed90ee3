import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TableRetention } from '@app/database';

/** An upload not completed within this long was abandoned (the employee's connection broke, the bot gave up). */
export const ABANDONED_AFTER_HOURS = 24;

/**
 * Deletes the chunks of uploads never completed: a file is completed in the transaction that attaches it to a
 * message, so an incomplete one a day old belongs to nothing and never will.
 */
@Injectable()
export class FileRetention extends TableRetention {
  constructor(dataSource: DataSource) {
    super(dataSource, {
      table: 'ticket.files',
      key: ['id'],
      ageColumn: 'created_at',
      maxAge: { hours: ABANDONED_AFTER_HOURS },
      where: 'completed_at IS NULL',
    });
  }
}
