import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';

export const CONSOLE_PATH = '/console/';

/**
 * The agent console: the files `npm run build` bundles, served as they are. Built asset names carry a
 * content hash (cached for a year); index.html is revalidated on every load, so a deploy is seen at once.
 * Routes inside the console live in the URL's fragment, so the server knows only these files.
 * Middleware rather than a route: the console is not part of the REST API or its OpenAPI document.
 */
export function serveConsole(app: NestExpressApplication, consoleDir: string): void {
  const dir = resolve(consoleDir);
  const built = existsSync(join(dir, 'index.html'));
  const files = express.static(dir, {
    index: 'index.html',
    redirect: false,
    setHeaders: (response, path) =>
      response.setHeader(
        'cache-control',
        path.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
      ),
  });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    if (request.path === '/' || request.path === '/console') return response.redirect(302, CONSOLE_PATH);
    if (!request.path.startsWith(CONSOLE_PATH)) return next();
    if (!built) {
      response.status(503).type('text/plain').send('The console is not built yet: run `npm run build`.');
      return;
    }
    request.url = request.url.slice(CONSOLE_PATH.length - 1);
    files(request, response, () => response.status(404).type('text/plain').send('Not found'));
  });
}
