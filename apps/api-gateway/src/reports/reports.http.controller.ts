import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ErrorCode, ReportSummary } from '@app/contracts';
import { Authenticated } from '../auth/authenticated.decorator';
import { ApiErrorResponses, UPSTREAM_ERRORS } from '../http/api-error-responses';
import { ReportSummaryQuery } from './dto/report-summary.query';
import { ReportSummaryResponse } from './dto/report-summary.response.dto';
import { reportCsv } from './report-csv';
import { ReportDesk } from './report-desk';

const DESCRIPTION =
  'Per day (in the business-hours time zone, else UTC) or per assignee: tickets opened and closed, median and p90 ' +
  'seconds to the first employee reply, median seconds to close, targets missed, and ratings, each counted when it ' +
  'happened within [from, to). Any employee may read reports: they show nothing the ticket list does not.';

@ApiTags('reports')
@Authenticated()
@ApiErrorResponses(...UPSTREAM_ERRORS, ErrorCode.ValidationFailed)
@Controller('reports')
export class ReportsHttpController {
  constructor(private readonly reports: ReportDesk) {}

  @Get('summary')
  @ApiOperation({ summary: 'Team figures for a range', description: DESCRIPTION })
  @ApiOkResponse({ type: ReportSummaryResponse })
  summary(@Query() query: ReportSummaryQuery): Promise<ReportSummary> {
    return this.reports.summary(query);
  }

  @Get('summary.csv')
  @ApiOperation({
    summary: 'The same as CSV',
    description: 'Columns as the JSON rows; `csat1`…`csat5` is the distribution.',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV with a header row', schema: { type: 'string' } })
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="summary.csv"')
  async summaryCsv(@Query() query: ReportSummaryQuery): Promise<string> {
    return reportCsv(await this.reports.summary(query));
  }
}
