import { Inject, Injectable } from '@nestjs/common';
import { ReportSummary, TicketRpc } from '@app/contracts';
import { TICKET_SERVICE, TicketServiceClient } from '@app/messaging';
import { ReportSummaryQuery } from './dto/report-summary.query';

/** Reports are computed by ticket-service, which owns the tickets; the gateway only asks and formats. */
@Injectable()
export class ReportDesk {
  constructor(@Inject(TICKET_SERVICE) private readonly tickets: TicketServiceClient) {}

  summary(query: ReportSummaryQuery): Promise<ReportSummary> {
    return this.tickets.call(TicketRpc.ReportSummary, {
      from: query.from,
      to: query.to,
      groupBy: query.groupBy,
      total: query.total,
    });
  }
}
