import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { REPORT_GROUPINGS, REPORT_INSTANT, ReportGrouping } from '@app/contracts';

const INSTANT_MESSAGE = (name: string) =>
  `${name} must be an ISO date (2024-11-01) or date-time with an offset (2024-11-01T09:00:00Z)`;

export class ReportSummaryQuery {
  @ApiProperty({ description: 'Inclusive. A date is midnight in the report’s time zone', example: '2024-11-01' })
  @Matches(REPORT_INSTANT, { message: INSTANT_MESSAGE('from') })
  from: string;

  @ApiProperty({ description: 'Exclusive. A date is midnight in the report’s time zone', example: '2024-12-01' })
  @Matches(REPORT_INSTANT, { message: INSTANT_MESSAGE('to') })
  to: string;

  @ApiPropertyOptional({ description: 'A row per day, or per assignee', enum: REPORT_GROUPINGS, default: 'day' })
  @IsOptional()
  @IsIn(REPORT_GROUPINGS, { message: `groupBy must be one of ${REPORT_GROUPINGS.join(', ')}` })
  groupBy?: ReportGrouping;

  @ApiPropertyOptional({
    description:
      'Also the whole range as one row (`total`; its medians are over every value, so it costs a second pass)',
    enum: ['true', 'false'],
    default: 'false',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'total must be true or false' })
  total?: boolean;
}
