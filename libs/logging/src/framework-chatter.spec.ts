import { LoggerService } from '@nestjs/common';
import { FrameworkChatterAtDebug } from './framework-chatter';

type Line = { level: string; message: unknown; context: unknown };

/** A service logger that remembers at which level each line arrived. */
function recordingLogger(lines: Line[]): LoggerService {
  const at =
    (level: string) =>
    (message: unknown, ...params: unknown[]) =>
      lines.push({ level, message, context: params[params.length - 1] });
  return {
    log: at('info'),
    error: at('error'),
    warn: at('warn'),
    debug: at('debug'),
    verbose: at('trace'),
    fatal: at('fatal'),
  };
}

describe('FrameworkChatterAtDebug', () => {
  it('moves Nest’s start-up lines to debug and leaves the service’s own lines as they were', () => {
    const lines: Line[] = [];
    const logger = new FrameworkChatterAtDebug(recordingLogger(lines));

    logger.log('Starting Nest application...', 'NestFactory');
    logger.log('ApiGatewayModule dependencies initialized', 'InstanceLoader');
    logger.log('TicketsHttpController {/tickets}:', 'RoutesResolver');
    logger.log('Mapped {/tickets, GET} route', 'RouterExplorer');
    logger.log('Nest application successfully started', 'NestApplication');
    logger.log('Nest microservice successfully started', 'NestMicroservice');
    logger.log('RabbitMQ connected', 'RabbitConnection');
    logger.log({ employeeId: 1 }, 'First admin created from ADMIN_EMAIL', 'FirstAdmin');
    logger.warn('Broker unreachable', 'RabbitConnection');
    logger.error('Could not start', 'NestApplication');

    expect(lines.map(({ level, context }) => `${level} ${String(context)}`)).toEqual([
      'debug NestFactory',
      'debug InstanceLoader',
      'debug RoutesResolver',
      'debug RouterExplorer',
      'debug NestApplication',
      'debug NestMicroservice',
      'info RabbitConnection',
      'info FirstAdmin',
      'warn RabbitConnection',
      'error NestApplication',
    ]);
    expect(lines[7].message).toEqual({ employeeId: 1 });
  });
});
