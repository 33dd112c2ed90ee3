import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { RabbitConnection } from '@app/messaging';

@Injectable()
export class RabbitMqHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly rabbit: RabbitConnection,
  ) {}

  check(key = 'rabbitmq') {
    const session = this.indicator.check(key);
    return this.rabbit.isConnected() ? session.up() : session.down({ message: 'not connected' });
  }
}
