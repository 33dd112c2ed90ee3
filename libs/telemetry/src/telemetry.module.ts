import { DynamicModule, Inject, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { MetricsHttpController } from './metrics.http.controller';
import { HttpTelemetryMiddleware, observeFastifyRequests } from './http-telemetry.middleware';
import { ServiceMetrics } from './service-metrics';

/**
 * `GET /metrics` and HTTP metrics and spans for one service; provides its ServiceMetrics to every module
 * (messaging, the service's own gauges and counters). Works on either HTTP platform: a middleware on Express,
 * a hook on Fastify.
 */
@Module({})
export class TelemetryModule implements NestModule {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(ServiceMetrics) private readonly metrics: ServiceMetrics,
  ) {}

  static forRoot(options: { service: string }): DynamicModule {
    return {
      module: TelemetryModule,
      global: true,
      controllers: [MetricsHttpController],
      providers: [{ provide: ServiceMetrics, useValue: new ServiceMetrics(options.service) }, HttpTelemetryMiddleware],
      exports: [ServiceMetrics],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter.getType() === 'fastify') {
      observeFastifyRequests(adapter.getInstance<FastifyInstance>(), this.metrics);
      return;
    }
    consumer.apply(HttpTelemetryMiddleware).forRoutes({ path: '*', method: RequestMethod.ALL });
  }
}
