import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { CONSOLE_PATH } from '../console/console-site';

export const DOCS_PATH = 'docs';

/**
 * helmet's headers everywhere. The JSON API gets the strictest CSP (it never serves anything a browser
 * should run or render); Swagger UI gets one that lets its own scripts, inline styles and data: images
 * load, and no `upgrade-insecure-requests`, which would break the UI on plain-HTTP hosts other than
 * localhost.
 *
 * API answers are `Cache-Control: no-store` (they are one employee's view of live data: no browser or proxy
 * should keep them); a route that may be cached says so itself (a file download). With nothing ever stored,
 * Express's ETag, a SHA-1 of every body, is off (configureGateway).
 */
export function securityHeaders(): (req: Request, res: Response, next: NextFunction) => void {
  const api = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  });
  const docs = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  // The agent console: its own bundled script and stylesheet only (no inline code), the API on the same origin.
  const console = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'blob:', 'data:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  return (req, res, next) => {
    if (req.path.startsWith(CONSOLE_PATH)) return console(req, res, next);
    const isDocs =
      req.path === `/${DOCS_PATH}` || req.path.startsWith(`/${DOCS_PATH}/`) || req.path.startsWith(`/${DOCS_PATH}-`);
    if (isDocs) return docs(req, res, next);
    res.setHeader('Cache-Control', 'no-store');
    api(req, res, next);
  };
}
