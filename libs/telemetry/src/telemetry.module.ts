import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { MetricsHttpController } from './metrics.http.controller';
import { HttpTelemetryMiddleware } from './http-telemetry.middleware';
import { ServiceMetrics } from './service-metrics';

/**
 * `GET /metrics` and HTTP metrics and spans for one service; provides its ServiceMetrics to every module
 * (messaging, the service's own gauges and counters).
 */
@Module({})
export class TelemetryModule implements NestModule {
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
    consumer.apply(HttpTelemetryMiddleware).forRoutes({ path: '*', method: RequestMethod.ALL });
  }
}
