import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { ReportSummary, ReportSummarySchema, TicketRpc } from '@app/contracts';
import { ContractPipe, MessageController } from '@app/messaging';
import { ReportSummaries } from './report-summary';

@MessageController()
export class ReportsMessageController {
  constructor(private readonly summaries: ReportSummaries) {}

  @MessagePattern(TicketRpc.ReportSummary)
  summary(@Payload(new ContractPipe(ReportSummarySchema)) request: z.output<typeof ReportSummarySchema>): Promise<ReportSummary> {
    return this.summaries.summary(request);
  }
}
