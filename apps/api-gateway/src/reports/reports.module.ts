import { Module } from '@nestjs/common';
import { ReportDesk } from './report-desk';
import { ReportsHttpController } from './reports.http.controller';

@Module({
  controllers: [ReportsHttpController],
  providers: [ReportDesk],
})
export class ReportsModule {}
