import { INestApplication } from '@nestjs/common';
import { DOCS_PATH } from './security-headers';

/** Where someone who opens the gateway's address lands: Swagger UI, until the console exists. */
export const HOME_PATH = `/${DOCS_PATH}`;

/** `GET /` redirects home instead of answering 404 (not an API route: Swagger does not list it). */
export function redirectRootHome(app: INestApplication): void {
  const http = app.getHttpAdapter();
  http.get('/', (_request: unknown, response: unknown) => http.redirect(response, 302, HOME_PATH));
}
