import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, from } from 'rxjs';
import { CodedError, ErrorCode, MessageView, TicketRpc } from '@app/contracts';
import { TICKET_SERVICE, TicketServiceClient } from '@app/messaging';
import { AuthenticatedRequest } from '../../auth/authenticated-request';
import { PositiveIntPipe } from '../../http/positive-int.pipe';
import { FileUpload, isMultipart } from './file-upload';

/**
 * `POST /tickets/{id}/messages` as `multipart/form-data`: a file (with an optional caption) instead of a text.
 * An interceptor runs after the guards (the caller is authenticated) and before the pipes (which would
 * refuse a body without `text`), so a multipart request is answered here and a JSON one goes on to the
 * handler untouched.
 */
@Injectable()
export class FileReplyInterceptor implements NestInterceptor {
  constructor(
    private readonly upload: FileUpload,
    @Inject(TICKET_SERVICE) private readonly tickets: TicketServiceClient,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!isMultipart(req)) return next.handle();
    return from(this.reply(req));
  }

  private async reply(req: AuthenticatedRequest): Promise<MessageView> {
    const ticketId = new PositiveIntPipe().transform(req.params.id, { type: 'param', data: 'id' });
    // Refused before a byte is stored: a missing or closed ticket.
    const ticket = await this.tickets.call(TicketRpc.GetTicket, { ticketId });
    if (ticket.status === 'closed') throw new CodedError(ErrorCode.TicketClosed, `Ticket #${ticketId} is closed`);
    const uploaded = await this.upload.receive(req);
    return this.tickets.call(TicketRpc.ReplyWithFile, {
      ticketId,
      employeeId: req.user.id,
      caption: uploaded.caption,
      fileName: uploaded.fileName,
      mimeType: uploaded.mimeType,
      file: uploaded.file,
    });
  }
}
