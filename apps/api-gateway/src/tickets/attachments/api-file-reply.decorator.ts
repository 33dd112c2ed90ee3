import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiExtraModels, getSchemaPath } from '@nestjs/swagger';
import { CAPTION_MAX_LENGTH, ErrorCode } from '@app/contracts';
import { ApiErrorResponses } from '../../http/api-error-responses';
import { ReplyRequest } from '../dto/ticket-commands.request.dto';

/** Swagger for the reply endpoint's two bodies: JSON text, or a multipart file with an optional caption. */
export function ApiFileReply(): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(ReplyRequest),
    ApiConsumes('application/json', 'multipart/form-data'),
    ApiBody({
      description:
        'JSON `{text}` for a text reply, or `multipart/form-data` with `file` (up to ATTACHMENT_UPLOAD_MAX_BYTES, 50 MB at most) ' +
        'and an optional `text` as its caption: stored first, then uploaded to Telegram (JPEG/PNG up to 10 MB as a photo, ' +
        'anything else as a document).',
      schema: {
        oneOf: [
          { $ref: getSchemaPath(ReplyRequest) },
          {
            type: 'object',
            required: ['file'],
            properties: {
              file: { type: 'string', format: 'binary' },
              text: { type: 'string', maxLength: CAPTION_MAX_LENGTH, description: 'The caption' },
            },
          },
        ],
      },
    }),
    ApiErrorResponses(ErrorCode.FileTooLarge),
  );
}
