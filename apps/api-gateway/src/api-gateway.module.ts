import { DynamicModule, Module } from '@nestjs/common';
import { ServiceName } from '@app/contracts';
import { AppConfigModule } from '@app/config';
import { HealthModule } from '@app/health';
import { LoggingModule } from '@app/logging';
import { TelemetryModule } from '@app/telemetry';
import { MessagingModule, OUTBOX_OPTIONS, OutboxRelay, messagingOptionsFromEnv } from '@app/messaging';
import { ServiceDatabaseModule } from '@app/database';
import { AuthModule } from './auth/auth.module';
import { AUTH_SCHEMA, GatewayConfig } from './config';
import { authDataSourceOptions } from './database';
import { EmployeesModule } from './employees/employees.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { EventsModule } from './events/events.module';
import { TicketsModule } from './tickets/tickets.module';
import { CannedRepliesModule } from './canned-replies/canned-replies.module';
import { ClientsModule } from './clients/clients.module';
import { ReportsModule } from './reports/reports.module';

@Module({})
export class ApiGatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: ApiGatewayModule,
      imports: [
        AppConfigModule.forRoot(GatewayConfig, config),
        LoggingModule.forRoot({ service: ServiceName.ApiGateway, level: config.LOG_LEVEL, pretty: config.LOG_PRETTY }),
        ServiceDatabaseModule.forRoot(authDataSourceOptions(config)),
        MessagingModule.forRoot(messagingOptionsFromEnv(ServiceName.ApiGateway, config)),
        HealthModule,
        TelemetryModule.forRoot({ service: ServiceName.ApiGateway }),
        AuthModule,
        EmployeesModule,
        TicketsModule,
        IdempotencyModule,
        EventsModule,
        CannedRepliesModule,
        ClientsModule,
        ReportsModule,
      ],
      // employee.changed events, for ticket-service's auto-assignment roster
      providers: [
        { provide: OUTBOX_OPTIONS, useValue: { schema: AUTH_SCHEMA, databaseUrl: config.DATABASE_URL } },
        OutboxRelay,
      ],
    };
  }
}
