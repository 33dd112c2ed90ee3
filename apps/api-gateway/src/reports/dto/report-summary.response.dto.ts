import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ReportRow, ReportSummary } from '@app/contracts';

const seconds = (description: string, example: number) =>
  ApiProperty({ type: 'number', nullable: true, description, example });

export class ReportRowResponse implements ReportRow {
  @ApiProperty({
    description: '`YYYY-MM-DD` in the report’s time zone, an employee id, or `none` (unassigned)',
    example: '2024-11-26',
  })
  key: string;

  @ApiProperty({ description: 'Tickets opened', example: 42 })
  opened: number;

  @ApiProperty({ description: 'Tickets closed', example: 40 })
  closed: number;

  @seconds('Median seconds from opening to the first employee reply, over first replies in the range', 540)
  firstResponseMedianSec: number | null;

  @seconds('90th percentile of the same', 3600)
  firstResponseP90Sec: number | null;

  @seconds('Median seconds from opening to closing, over tickets closed in the range', 7200)
  resolutionMedianSec: number | null;

  @seconds('90th percentile of the same', 28800)
  resolutionP90Sec: number | null;

  @ApiProperty({ description: 'Targets missed in the range (a ticket missing both counts at the first)', example: 3 })
  slaBreaches: number;

  @ApiProperty({ type: 'number', nullable: true, description: 'Average rating, to two decimals', example: 4.55 })
  csatAverage: number | null;

  @ApiProperty({ description: 'Ratings given', example: 20 })
  csatCount: number;

  @ApiProperty({ type: [Number], description: 'Ratings of 1, 2, 3, 4 and 5', example: [0, 1, 1, 4, 14] })
  csatDistribution: [number, number, number, number, number];
}

export class ReportSummaryResponse implements ReportSummary {
  @ApiProperty({
    description: 'Days are counted in this zone: BUSINESS_HOURS’ zone, else UTC',
    example: 'Europe/Moscow',
  })
  timeZone: string;

  @ApiProperty({ format: 'date-time', example: '2024-10-31T21:00:00.000Z' })
  from: string;

  @ApiProperty({ format: 'date-time', example: '2024-11-30T21:00:00.000Z' })
  to: string;

  @ApiProperty({ type: [ReportRowResponse] })
  rows: ReportRowResponse[];

  @ApiPropertyOptional({
    type: ReportRowResponse,
    description:
      'With `total=true`: the whole range as one row (key `total`), its medians over every value, not the rows’',
  })
  total?: ReportRowResponse;
}
