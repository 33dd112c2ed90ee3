import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ServiceName } from '@app/contracts';
import { AppConfigModule } from '@app/config';
import { HealthModule } from '@app/health';
import { LoggingModule } from '@app/logging';
import { MessagingModule, messagingOptionsFromEnv } from '@app/messaging';
import { AuthModule } from './auth/auth.module';
import { GatewayConfig } from './config';
import { authDataSourceOptions } from './database';
import { EmployeesModule } from './employees/employees.module';
import { TicketsModule } from './tickets/tickets.module';
import { ReportsModule } from './reports/reports.module';

@Module({})
export class ApiGatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: ApiGatewayModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule.forRoot({ service: ServiceName.ApiGateway, level: config.LOG_LEVEL, pretty: config.LOG_PRETTY }),
        TypeOrmModule.forRoot(authDataSourceOptions(config)),
        MessagingModule.forRoot(messagingOptionsFromEnv(ServiceName.ApiGateway, config)),
        HealthModule,
        AuthModule,
        EmployeesModule,
        TicketsModule,
        ReportsModule,
      ],
    };
  }
}
