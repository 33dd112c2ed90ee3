import { EventPattern, Payload } from '@nestjs/microservices';
import { Events, MessageDeliveryReportedEvent, MessageDeliveryReportedSchema } from '@app/contracts';
import { ContractPipe, MessageController } from '@app/messaging';
import { DeliveryReports } from './delivery-reports';

@MessageController()
export class DeliveryReportsMessageController {
  constructor(private readonly reports: DeliveryReports) {}

  @EventPattern(Events.MessageDeliveryReported)
  onDeliveryReported(
    @Payload(new ContractPipe(MessageDeliveryReportedSchema)) report: MessageDeliveryReportedEvent,
  ): Promise<void> {
    return this.reports.apply(report);
  }
}
