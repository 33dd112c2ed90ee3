import { DynamicModule, Module } from '@nestjs/common';
import { ServiceName } from '@app/contracts';
import { AppConfigModule } from '@app/config';
import { PROCESSED_EVENTS_RETENTION, ProcessedEventsRetention } from '@app/database';
import { HealthModule } from '@app/health';
import { LoggingModule } from '@app/logging';
import { TelemetryModule } from '@app/telemetry';
import { MessagingModule, OUTBOX_OPTIONS, OutboxRelay } from '@app/messaging';
import { ticketServiceMessagingOptions } from './rpc-callers';
import { ServiceDatabaseModule } from '@app/database';
import { TICKET_SCHEMA, TicketServiceConfig } from './config';
import { ticketDataSourceOptions } from './database';
import { ClientsModule } from './clients/clients.module';
import { PingMessageController } from './health/ping.message.controller';
import { MessagesModule } from './messages/messages.module';
import { TicketCountsGauge } from './tickets/ticket-counts.gauge';
import { TicketsModule } from './tickets/tickets.module';
import { ReportsModule } from './reports/reports.module';

@Module({})
export class TicketServiceModule {
  static forRoot(config: TicketServiceConfig): DynamicModule {
    return {
      module: TicketServiceModule,
      imports: [
        AppConfigModule.forRoot(TicketServiceConfig, config),
        LoggingModule.forRoot({
          service: ServiceName.TicketService,
          level: config.LOG_LEVEL,
          pretty: config.LOG_PRETTY,
        }),
        ServiceDatabaseModule.forRoot(ticketDataSourceOptions(config)),
        MessagingModule.forRoot(ticketServiceMessagingOptions(config)),
        HealthModule,
        TelemetryModule.forRoot({ service: ServiceName.TicketService }),
        ClientsModule,
        TicketsModule,
        MessagesModule,
        ReportsModule,
      ],
      controllers: [PingMessageController],
      providers: [
        { provide: OUTBOX_OPTIONS, useValue: { schema: TICKET_SCHEMA, databaseUrl: config.DATABASE_URL } },
        OutboxRelay,
        TicketCountsGauge,
        {
          provide: PROCESSED_EVENTS_RETENTION,
          useValue: { schema: TICKET_SCHEMA, days: config.PROCESSED_EVENTS_RETENTION_DAYS },
        },
        ProcessedEventsRetention,
      ],
    };
  }
}
