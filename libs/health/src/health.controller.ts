import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { RabbitMqHealthIndicator } from './rabbitmq.health';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly postgres: TypeOrmHealthIndicator,
    private readonly rabbit: RabbitMqHealthIndicator,
  ) {}

  /** Liveness: the process answers. Deliberately checks nothing else, so a broker outage does not restart pods. */
  @Get()
  @ApiOkResponse({ description: 'The process is alive', schema: { example: { status: 'ok' } } })
  live() {
    return { status: 'ok' };
  }

  /** Readiness: Postgres and RabbitMQ are reachable. */
  @Get('ready')
  @HealthCheck()
  @ApiOkResponse({ description: 'Postgres and RabbitMQ are reachable' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down; the body says which' })
  ready() {
    return this.health.check([
      () => this.postgres.pingCheck('postgres', { timeout: 2000 }),
      () => this.rabbit.check('rabbitmq'),
    ]);
  }
}
