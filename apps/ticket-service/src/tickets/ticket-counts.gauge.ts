import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ServiceMetrics, refreshedGauge } from '@app/telemetry';

/**
 * `desk_tickets{status}`: tickets per status, from the counts triggers keep in `ticket_status_counts`
 * (a few dozen rows whatever the number of tickets), read at most every few seconds on scrape.
 */
@Injectable()
export class TicketCountsGauge {
  constructor(dataSource: DataSource, metrics: ServiceMetrics) {
    refreshedGauge({
      name: 'desk_tickets',
      help: 'Tickets by status',
      labelNames: ['status'],
      registry: metrics.registry,
      read: async () => {
        const rows: { status: string; tickets: number }[] = await dataSource.query(
          `SELECT status, sum(tickets)::float8 AS tickets FROM ticket.ticket_status_counts GROUP BY status`,
        );
        return rows.map(({ status, tickets }) => ({ labels: { status }, value: tickets }));
      },
    });
  }
}
