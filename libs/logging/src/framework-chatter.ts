import { LoggerService } from '@nestjs/common';

/**
 * Where Nest reports its own start-up: modules initialised, controllers and routes mapped, app started.
 * About 30 lines per service at every start; worth seeing when debugging the wiring, noise otherwise.
 */
const FRAMEWORK_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
  'NestMicroservice',
]);

/** Nest's logger calls end with the context name; our own lines keep their level. */
const isFrameworkChatter = (params: unknown[]) => {
  const context = params[params.length - 1];
  return typeof context === 'string' && FRAMEWORK_CONTEXTS.has(context);
};

/** Passes every line to the service's logger, but Nest's start-up chatter at debug instead of info. */
export class FrameworkChatterAtDebug implements LoggerService {
  constructor(private readonly logger: LoggerService) {}

  log(message: unknown, ...params: unknown[]): void {
    if (isFrameworkChatter(params)) this.logger.debug?.(message, ...params);
    else this.logger.log(message, ...params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.logger.error(message, ...params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.logger.warn(message, ...params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.logger.debug?.(message, ...params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.logger.verbose?.(message, ...params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.logger.fatal?.(message, ...params);
  }
}
