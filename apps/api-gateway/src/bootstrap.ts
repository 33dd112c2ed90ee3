import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { runMigrations } from '@app/database';
import { ApiGatewayModule } from './api-gateway.module';
import { AUTH_SCHEMA, GatewayConfig } from './config';
import { authDataSourceOptions } from './database';

export async function migrateAuthSchema(config: GatewayConfig): Promise<string[]> {
  const dataSource = await new DataSource(authDataSourceOptions(config)).initialize();
  try {
    return await runMigrations(dataSource, AUTH_SCHEMA);
  } finally {
    await dataSource.destroy();
  }
}

/** Everything that makes the HTTP app what it is; shared by main and the e2e tests. */
export function configureGateway(app: INestApplication): void {
  app.use(helmet());
  app.enableShutdownHooks();
}

export async function startGateway(config: GatewayConfig, options: { port?: number } = {}): Promise<INestApplication> {
  await migrateAuthSchema(config);
  const app = await NestFactory.create(ApiGatewayModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  configureGateway(app);
  await app.listen(options.port ?? config.GATEWAY_PORT, '0.0.0.0');
  return app;
}
