import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { Observable, defer, from, lastValueFrom } from 'rxjs';
import { CodedError, ErrorCode, MessageView, TicketRpc } from '@app/contracts';
import { TICKET_SERVICE, TicketServiceClient } from '@app/messaging';
import { AuthenticatedRequest } from '../../auth/authenticated-request';
import { PositiveIntPipe } from '../../http/positive-int.pipe';
import { IdempotencyStore } from '../../idempotency/idempotency-store';
import { answerOnce, idempotencyKeyOf, requestHash } from '../../idempotency/idempotency.interceptor';
import { FileUpload, isMultipart } from './file-upload';

/**
 * `POST /tickets/{id}/messages` as `multipart/form-data`: a file (with an optional caption) instead of a text.
 * An interceptor runs after the guards (the caller is authenticated) and before the pipes (which would
 * refuse a body without `text`), so a multipart request is answered here and a JSON one goes on to the
 * handler untouched. With an Idempotency-Key, the file's digest, name and caption make the request's identity:
 * a retry of the same file gets the first answer (its bytes were read again, and are left as an abandoned
 * upload for FileRetention), another file under the same key 422; ticket-service stores one message per key
 * even when the first answer was lost to a timeout.
 */
@Injectable()
export class FileReplyInterceptor implements NestInterceptor {
  constructor(
    private readonly upload: FileUpload,
    @Inject(TICKET_SERVICE) private readonly tickets: TicketServiceClient,
    private readonly idempotency: IdempotencyStore,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!isMultipart(req)) return next.handle();
    return from(this.reply(req, context.switchToHttp().getResponse<Response>()));
  }

  private async reply(req: AuthenticatedRequest, res: Response): Promise<unknown> {
    const ticketId = new PositiveIntPipe().transform(req.params.id, { type: 'param', data: 'id' });
    const idempotencyKey = idempotencyKeyOf(req);
    // Refused before a byte is stored: a missing or closed ticket.
    const ticket = await this.tickets.call(TicketRpc.GetTicket, { ticketId });
    if (ticket.status === 'closed') throw new CodedError(ErrorCode.TicketClosed, `Ticket #${ticketId} is closed`);
    const uploaded = await this.upload.receive(req);
    const send = (): Promise<MessageView> =>
      this.tickets.call(TicketRpc.ReplyWithFile, {
        ticketId,
        employeeId: req.user.id,
        caption: uploaded.caption,
        fileName: uploaded.fileName,
        mimeType: uploaded.mimeType,
        file: uploaded.file,
        idempotencyKey,
      });
    if (idempotencyKey === undefined) return send();
    const { caption, fileName, mimeType, sha256 } = uploaded;
    const hash = requestHash(req, { file: { fileName, mimeType, sha256 }, text: caption });
    return lastValueFrom(answerOnce(this.idempotency, req.user.id, idempotencyKey, hash, res, () => defer(send)));
  }
}
