import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ServiceName } from '@app/contracts';
import { AppConfigModule } from '@app/config';
import { HealthModule } from '@app/health';
import { LoggingModule } from '@app/logging';
import { MessagingModule, OUTBOX_OPTIONS, OutboxRelay, messagingOptionsFromEnv } from '@app/messaging';
import { TICKET_SCHEMA, TicketServiceConfig } from './config';
import { ticketDataSourceOptions } from './database';
import { ClientsModule } from './clients/clients.module';
import { PingMessageController } from './health/ping.message.controller';
import { MessagesModule } from './messages/messages.module';
import { TicketsModule } from './tickets/tickets.module';
import { ReportsModule } from './reports/reports.module';

@Module({})
export class TicketServiceModule {
  static forRoot(config: TicketServiceConfig): DynamicModule {
    return {
      module: TicketServiceModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule.forRoot({ service: ServiceName.TicketService, level: config.LOG_LEVEL, pretty: config.LOG_PRETTY }),
        TypeOrmModule.forRoot(ticketDataSourceOptions(config)),
        MessagingModule.forRoot(messagingOptionsFromEnv(ServiceName.TicketService, config)),
        HealthModule,
        ClientsModule,
        TicketsModule,
        MessagesModule,
        ReportsModule,
      ],
      controllers: [PingMessageController],
      providers: [
        { provide: OUTBOX_OPTIONS, useValue: { schema: TICKET_SCHEMA, databaseUrl: config.DATABASE_URL } },
        OutboxRelay,
      ],
    };
  }
}
