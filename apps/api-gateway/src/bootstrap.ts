import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { FrameworkChatterAtDebug } from '@app/logging';
import { migrateSchema } from '@app/database';
import { ApiGatewayModule } from './api-gateway.module';
import { serveConsole } from './console/console-site';
import { AUTH_SCHEMA, GatewayConfig } from './config';
import { authDataSourceOptions } from './database';
import { bodyParserErrors } from './http/body-parser-errors';
import { HttpErrorFilter } from './http/http-error.filter';
import { serveOpenApi } from './http/openapi';
import { securityHeaders } from './http/security-headers';
import { refuseUnusableInput } from './http/request-input';
import { requestValidationPipe } from './http/validation';

/** Room for a 20,000-character reply even when every character is escaped. */
const JSON_BODY_LIMIT = '256kb';

export function migrateAuthSchema(config: GatewayConfig): Promise<string[]> {
  return migrateSchema(authDataSourceOptions(config), AUTH_SCHEMA);
}

/** Everything that makes the HTTP app what it is; shared by main and the integration tests' gateway harness. */
export function configureGateway(app: NestExpressApplication): void {
  const config = app.get(GatewayConfig);
  // Behind an ingress the client's IP (which login throttling counts) is in X-Forwarded-For.
  app.set('trust proxy', config.TRUST_PROXY_HOPS);
  // API answers are never stored (securityHeaders: no-store), so an ETag (a SHA-1 of every body) serves nothing.
  app.set('etag', false);
  app.use(securityHeaders());
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.use(bodyParserErrors());
  app.use(refuseUnusableInput());
  app.useGlobalPipes(requestValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter());
  // Off in production unless the API's map should be public (SWAGGER_ENABLED=false: /docs* answer 404).
  if (config.SWAGGER_ENABLED) serveOpenApi(app);
  serveConsole(app, config.CONSOLE_DIR);
  // No enableShutdownHooks: runService (main) closes the app on SIGTERM; both would close it twice.
}

export async function startGateway(
  config: GatewayConfig,
  options: { port?: number } = {},
): Promise<NestExpressApplication> {
  await migrateAuthSchema(config);
  const app = await NestFactory.create<NestExpressApplication>(ApiGatewayModule.forRoot(config), { bufferLogs: true });
  app.useLogger(new FrameworkChatterAtDebug(app.get(Logger)));
  configureGateway(app);
  await app.listen(options.port ?? config.GATEWAY_PORT, '0.0.0.0');
  return app;
}
