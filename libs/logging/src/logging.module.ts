import { DynamicModule, Inject, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino, { DestinationStream, Logger } from 'pino';
import { setRootLogger } from './correlation';
import { requestLogging } from './request-logging';
import { traceIdMixin } from './trace-id.mixin';
import { redactBotToken } from './redact-bot-token';

export interface LoggingOptions {
  service: string;
  level: string;
  pretty: boolean;
  /**
   * Routes left alone (no correlation id, log context or completion line): machine-to-machine routes hit at a
   * high rate, whose handler logs what matters itself.
   */
  unloggedRoutes?: string[];
  /** where the lines go; stdout unless given (tests read them) */
  destination?: DestinationStream;
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

const ROOT_LOGGER = Symbol('root logger');
const UNLOGGED_ROUTES = Symbol('unlogged routes');

/** Liveness and readiness probes are polled every few seconds; a line each would drown the log. */
const isProbe = (url: string) => url.startsWith('/health');

/**
 * One JSON line per event (pino, through nestjs-pino's Logger); every HTTP request gets a correlation id taken
 * from or echoed as `x-correlation-id` and a completion line (requestLogging).
 */
@Module({})
export class LoggingModule implements NestModule {
  constructor(
    @Inject(ROOT_LOGGER) private readonly root: Logger,
    @Inject(UNLOGGED_ROUTES) private readonly unloggedRoutes: string[],
  ) {}

  static forRoot(options: LoggingOptions): DynamicModule {
    const root = pino(
      {
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
      },
      options.destination,
    );
    setRootLogger(root);
    return {
      module: LoggingModule,
      imports: [
        // nestjs-pino's Logger over this root; its own request middleware (pino-http) is not used: no routes
        LoggerModule.forRoot({ pinoHttp: { logger: root }, useExisting: true, forRoutes: [] }),
      ],
      providers: [
        { provide: ROOT_LOGGER, useValue: root },
        { provide: UNLOGGED_ROUTES, useValue: options.unloggedRoutes ?? [] },
      ],
      exports: [LoggerModule],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(requestLogging(this.root, isProbe))
      .exclude(...this.unloggedRoutes.map((path) => ({ path, method: RequestMethod.ALL })))
      .forRoutes({ path: '*', method: RequestMethod.ALL });
  }
}
