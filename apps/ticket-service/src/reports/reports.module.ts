import { Module } from '@nestjs/common';
import { SlaClock } from '../service-level/sla-clock';
import { ReportSummaries } from './report-summary';
import { ReportsMessageController } from './reports.message.controller';

/** Figures for team leads: opened, closed, response times, breaches and satisfaction, per day or per agent. */
@Module({
  controllers: [ReportsMessageController],
  providers: [ReportSummaries, SlaClock],
})
export class ReportsModule {}
