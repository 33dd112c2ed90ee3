import { Injectable } from '@nestjs/common';
import { InboundBatchItemCommand, InboundBatchItemResult } from '@app/contracts';
import { Ratings } from '../satisfaction/ratings';
import { InboundItem } from './inbound-batch-plan';
import { InboundMessages } from './inbound-messages';

/**
 * A RecordInboundBatch: messages and registrations recorded set-based by InboundMessages, ratings by Ratings,
 * in the items' order, so that a rating is in place before the client's next message (its comment) is routed.
 * Each part is idempotent, so a batch redelivered after a partial failure changes nothing twice.
 */
@Injectable()
export class ClientUpdates {
  constructor(
    private readonly messages: InboundMessages,
    private readonly ratings: Ratings,
  ) {}

  async record(items: InboundBatchItemCommand[]): Promise<InboundBatchItemResult[]> {
    const results: InboundBatchItemResult[] = [];
    let run: InboundItem[] = [];
    const flush = async () => {
      if (run.length > 0) results.push(...(await this.messages.recordBatch(run)));
      run = [];
    };
    for (const item of items) {
      if (item.route !== 'rate') {
        run.push(item);
        continue;
      }
      await flush();
      results.push({ route: 'rate', ...(await this.ratings.rate(item.rating)) });
    }
    await flush();
    return results;
  }
}
