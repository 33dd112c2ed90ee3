import { NestFactory } from '@nestjs/core';
import { ApiGatewayModule } from '../api-gateway.module';
import { gatewayEnv } from '../config';
import { buildOpenApiDocument } from './openapi';

/**
 * Placeholders for a config that is never used: in preview mode Nest builds the module graph (all the
 * OpenAPI document needs) without creating a provider, so nothing connects to Postgres or RabbitMQ.
 */
const PREVIEW_ENV = {
  DATABASE_URL: 'postgres://preview@127.0.0.1:1/preview',
  RABBITMQ_URL: 'amqp://preview@127.0.0.1:1',
  JWT_SECRET: 'preview-only-never-used-preview-only-never-used',
  ADMIN_EMAIL: 'preview@example.com',
  ADMIN_PASSWORD: 'preview-only',
};

/**
 * `node dist/apps/api-gateway/main.js openapi`: prints the OpenAPI document without starting anything
 * (no environment needed). The console's build generates its API types from it.
 */
export async function printOpenApiDocument(): Promise<void> {
  const app = await NestFactory.create(ApiGatewayModule.forRoot(gatewayEnv.parse(PREVIEW_ENV)), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  process.stdout.write(`${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
}
