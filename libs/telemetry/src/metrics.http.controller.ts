import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiInternalServerErrorResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ServiceMetrics } from './service-metrics';

/** Prometheus scrapes this; no auth (the ingress does not route it, so it stays inside the cluster). */
@ApiTags('health')
@Controller('metrics')
export class MetricsHttpController {
  constructor(@Inject(ServiceMetrics) private readonly metrics: ServiceMetrics) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format)' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Counters, histograms and gauges of this service', schema: { type: 'string' } })
  @ApiInternalServerErrorResponse({ description: 'A metric could not be collected' })
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
