import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { DOCS_PATH } from './security-headers';

export const BEARER_AUTH = 'bearer';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Service desk API')
    .setDescription(
      'REST API for employees of the Telegram service desk. Get a token from `POST /auth/login` and send it as ' +
        '`Authorization: Bearer <token>`. Every error has the body `{statusCode, code, message}`; branch on `code`.',
    )
    .setVersion('1.0')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The accessToken from POST /auth/login' },
      BEARER_AUTH,
    )
    .addTag('auth', 'Log in and find out who you are')
    .addTag('employees', 'Who may work tickets (admins manage them)')
    .addTag('tickets', 'Clients’ conversations: list, take, answer, change status')
    .addTag('events', 'Live events for the agent console (Server-Sent Events)')
    .addTag('health', 'Liveness and readiness probes')
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/HttpController$/, '')}_${methodKey}`,
  });
}

/** Swagger UI at /docs, the document at /docs-json (and /docs-yaml). */
export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, buildOpenApiDocument(app), {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    yamlDocumentUrl: `${DOCS_PATH}-yaml`,
    customSiteTitle: 'Service desk API',
    // The token stays in the page's memory: kept in localStorage, any script on the origin could read it later.
    swaggerOptions: { persistAuthorization: false },
  });
}
