import { DynamicModule, Inject, Module, NestModule } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Express } from 'express';
import type { FastifyInstance } from 'fastify';
import { MetricsHttpController } from './metrics.http.controller';
import { observeExpressRequests, observeFastifyRequests } from './http-telemetry.middleware';
import { ServiceMetrics } from './service-metrics';

/**
 * `GET /metrics` and HTTP metrics and spans for one service; provides its ServiceMetrics to every module
 * (messaging, the service's own gauges and counters). Works on either HTTP platform: a function every request
 * passes on Express, a hook on Fastify.
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
      providers: [{ provide: ServiceMetrics, useValue: new ServiceMetrics(options.service) }],
      exports: [ServiceMetrics],
    };
  }

  /** Called while Nest sets up middleware, before any route: what is added here sees every request. */
  configure(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter) return;
    if (adapter.getType() === 'fastify') observeFastifyRequests(adapter.getInstance<FastifyInstance>(), this.metrics);
    else adapter.getInstance<Express>().use(observeExpressRequests(this.metrics));
  }
}
