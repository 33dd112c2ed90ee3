import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ErrorCode } from '@app/contracts';
import { Authenticated } from '../../auth/authenticated.decorator';
import { ApiErrorResponses, UPSTREAM_ERRORS } from '../../http/api-error-responses';
import { ApiIdParam, PositiveIntPipe } from '../../http/positive-int.pipe';
import { AttachmentDownload } from './attachment-download';

@ApiTags('tickets')
@Authenticated()
@Controller('tickets')
export class AttachmentsHttpController {
  constructor(private readonly download: AttachmentDownload) {}

  @Get(':id/messages/:messageId/attachment')
  @ApiOperation({
    summary: 'The file of a message: its bytes',
    description:
      'Streamed with its Content-Type and Content-Length. JPEG, PNG, WebP and GIF come inline (to show as images); ' +
      'everything else as a download with a sanitised file name. Cached for good: a message’s file never changes. ' +
      'A download that breaks off midway is aborted, never answered as a short 200. While the file is still coming from ' +
      'Telegram: 503 ATTACHMENT_NOT_READY with Retry-After; above Telegram’s 20 MB bot limit: 410 ATTACHMENT_TOO_LARGE; ' +
      'no file, or one that could not be received (state failed): 404 ATTACHMENT_NOT_FOUND.',
  })
  @ApiIdParam('Ticket id (#id)', 'id')
  @ApiIdParam('Message id', 'messageId')
  @ApiProduces('application/octet-stream', 'image/jpeg', 'image/png', 'application/pdf')
  @ApiResponse({ status: 200, description: 'The bytes', schema: { type: 'string', format: 'binary' } })
  @ApiErrorResponses(
    ErrorCode.ValidationFailed,
    ErrorCode.AttachmentNotFound,
    ErrorCode.AttachmentNotReady,
    ErrorCode.AttachmentTooLarge,
    ...UPSTREAM_ERRORS,
  )
  async get(
    @Param('id', PositiveIntPipe) ticketId: number,
    @Param('messageId', PositiveIntPipe) messageId: number,
    @Res() res: Response,
  ): Promise<void> {
    await this.download.send(ticketId, messageId, res);
  }
}
