import { Module } from '@nestjs/common';
import { EmployeesModule } from '../employees/employees.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { AttachmentDownload } from './attachments/attachment-download';
import { AttachmentsHttpController } from './attachments/attachments.http.controller';
import { FileReplyInterceptor } from './attachments/file-reply.interceptor';
import { FileUpload } from './attachments/file-upload';
import { TicketDesk } from './ticket-desk';
import { TicketWorkHttpController } from './ticket-work.http.controller';
import { TicketsHttpController } from './tickets.http.controller';

@Module({
  imports: [EmployeesModule, IdempotencyModule],
  controllers: [TicketsHttpController, TicketWorkHttpController, AttachmentsHttpController],
  providers: [TicketDesk, AttachmentDownload, FileUpload, FileReplyInterceptor],
})
export class TicketsModule {}
