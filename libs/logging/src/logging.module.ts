import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { CORRELATION_HEADER } from './correlation';
import { traceIdMixin } from './trace-id.mixin';
import { redactBotToken } from './redact-bot-token';

export interface LoggingOptions {
  service: string;
  level: string;
  pretty: boolean;
  /**
   * Routes pino-http leaves alone (no request id, child logger or completion line): machine-to-machine routes
   * hit at a high rate, whose handler logs what matters itself.
   */
  unloggedRoutes?: string[];
}

/** Never written to a log, wherever they appear. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'password',
  '*.password',
  'token',
  '*.token',
  'accessToken',
];

/** One JSON line per event (pino); HTTP requests get an id taken from or echoed as `x-correlation-id`. */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          exclude: options.unloggedRoutes?.length
            ? options.unloggedRoutes.map((path) => ({ path, method: RequestMethod.ALL }))
            : undefined,
          pinoHttp: {
            level: options.level,
            base: { service: options.service },
            mixin: traceIdMixin,
            redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
            // A bot token can hide anywhere in an error's text (see redactBotToken): scrubbed from the whole line.
            hooks: { streamWrite: redactBotToken },
            transport: options.pretty
              ? {
                  target: 'pino-pretty',
                  options: { singleLine: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' },
                }
              : undefined,
            genReqId: (req: IncomingMessage, res) => {
              const incoming = req.headers[CORRELATION_HEADER];
              const id = typeof incoming === 'string' && /^[\w.-]{1,128}$/.test(incoming) ? incoming : randomUUID();
              res.setHeader(CORRELATION_HEADER, id);
              return id;
            },
            customLogLevel: (_req, res, error) =>
              error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
            autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                url: req.url,
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
