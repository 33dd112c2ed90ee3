import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CANNED_REPLY_LIMITS, CANNED_REPLY_PLACEHOLDERS, CannedReplyView } from '@app/contracts';
import { Trim } from '../../http/trim';

const PLACEHOLDERS = `Placeholders: ${CANNED_REPLY_PLACEHOLDERS.map((placeholder) => `\`${placeholder}\``).join(', ')}`;

export class CannedReplyTexts {
  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    description: `Russian text. ${PLACEHOLDERS}`,
    maxLength: CANNED_REPLY_LIMITS.text,
    example: 'Здравствуйте, {{client.firstName}}! Обращение #{{ticket.id}} у меня. {{employee.name}}',
  })
  @IsOptional()
  @ValidateIf((_texts, value) => value !== null)
  @IsString()
  @MaxLength(CANNED_REPLY_LIMITS.text)
  @Matches(/\S/, { message: 'texts.ru must not be empty (null removes it)' })
  ru?: string | null;

  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    description: `English text. ${PLACEHOLDERS}`,
    maxLength: CANNED_REPLY_LIMITS.text,
    example: 'Hello {{client.firstName}}, ticket #{{ticket.id}} is with me. {{employee.name}}',
  })
  @IsOptional()
  @ValidateIf((_texts, value) => value !== null)
  @IsString()
  @MaxLength(CANNED_REPLY_LIMITS.text)
  @Matches(/\S/, { message: 'texts.en must not be empty (null removes it)' })
  en?: string | null;
}

export class CreateCannedReplyRequest {
  @ApiProperty({
    description: 'What agents pick it by',
    minLength: 1,
    maxLength: CANNED_REPLY_LIMITS.title,
    example: 'Taking it',
  })
  @Trim()
  @IsString()
  @Length(1, CANNED_REPLY_LIMITS.title)
  title: string;

  @ApiProperty({
    type: CannedReplyTexts,
    description: 'At least one language; a client whose language has no text gets the other',
  })
  @IsObject()
  @ValidateNested()
  @Type(() => CannedReplyTexts)
  texts: CannedReplyTexts;
}

/** Only what is given changes. */
export class UpdateCannedReplyRequest {
  @ApiPropertyOptional({ minLength: 1, maxLength: CANNED_REPLY_LIMITS.title, example: 'Taking it now' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, CANNED_REPLY_LIMITS.title)
  title?: string;

  @ApiPropertyOptional({
    type: CannedReplyTexts,
    description: 'Languages given replace theirs; null removes one (one must remain)',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CannedReplyTexts)
  texts?: CannedReplyTexts;
}

class CannedReplyTextsView {
  @ApiProperty({ type: 'string', nullable: true, example: 'Здравствуйте, {{client.firstName}}!' })
  ru: string | null;

  @ApiProperty({ type: 'string', nullable: true, example: 'Hello {{client.firstName}}!' })
  en: string | null;
}

export class CannedReplyResponse implements CannedReplyView {
  @ApiProperty({ example: 3 })
  id: number;

  @ApiProperty({ example: 'Taking it' })
  title: string;

  @ApiProperty({ type: CannedReplyTextsView })
  texts: CannedReplyTextsView;

  @ApiProperty({ format: 'date-time', example: '2024-11-26T09:15:00.000Z' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', example: '2024-11-26T09:15:00.000Z' })
  updatedAt: string;
}
