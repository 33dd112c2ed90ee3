import { MessagePattern, Payload } from '@nestjs/microservices';
import { ReportSummary, ReportSummaryQuery, ReportSummarySchema, TicketRpc } from '@app/contracts';
import { ContractPipe, MessageController } from '@app/messaging';
import { ReportSummaries } from './report-summary';

@MessageController()
export class ReportsMessageController {
  constructor(private readonly summaries: ReportSummaries) {}

  @MessagePattern(TicketRpc.ReportSummary)
  summary(@Payload(new ContractPipe(ReportSummarySchema)) request: ReportSummaryQuery): Promise<ReportSummary> {
    return this.summaries.summary(request);
  }
}
