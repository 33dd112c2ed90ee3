import { Writable } from 'node:stream';
import {
  Controller,
  Get,
  HttpException,
  INestApplication,
  InternalServerErrorException,
  Logger,
  Module,
  Param,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { eventually } from '@app/testing';
import { currentCorrelationId } from './correlation';
import { LoggingModule } from './logging.module';

type Line = Record<string, unknown> & { msg?: string; level?: number };

@Controller()
class ProbeController {
  private readonly logger = new Logger('Probe');

  @Get('tickets/:id')
  show(@Param('id') id: string) {
    this.logger.warn({ ticketId: id }, 'looked at a ticket');
    return { id, correlationId: currentCorrelationId() };
  }

  @Get('refused')
  refused() {
    throw new HttpException('not yours', 403);
  }

  @Get('broken')
  broken() {
    throw new InternalServerErrorException();
  }

  @Get('health')
  health() {
    return { status: 'ok' };
  }

  @Get('webhook')
  webhook() {
    return { correlationId: currentCorrelationId() ?? null };
  }
}

async function startApp(platform: 'express' | 'fastify', level: string, lines: Line[]): Promise<INestApplication> {
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(text) as Line);
      done();
    },
  });
  @Module({
    imports: [
      LoggingModule.forRoot({ service: 'probe', level, pretty: false, unloggedRoutes: ['/webhook'], destination }),
    ],
    controllers: [ProbeController],
  })
  class ProbeModule {}
  const app =
    platform === 'fastify'
      ? await NestFactory.create(ProbeModule, new FastifyAdapter(), { bufferLogs: true })
      : await NestFactory.create(ProbeModule, { bufferLogs: true });
  app.useLogger(app.get(await import('nestjs-pino').then((m) => m.Logger)));
  await app.listen(0, '127.0.0.1');
  return app;
}

describe.each(['express', 'fastify'] as const)('request logging (%s)', (platform) => {
  let app: INestApplication;
  let base: string;
  const lines: Line[] = [];
  const completions = () => lines.filter((line) => line.msg?.startsWith('request '));
  /** A completion line is written when the response closes, which may be just after the client has it all. */
  const completionsOf = (count: number) =>
    eventually(() => completions().length >= count && completions(), { message: `${count} completion lines` });

  beforeAll(async () => {
    app = await startApp(platform, 'info', lines);
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => app.close());
  beforeEach(() => lines.splice(0));

  it("keeps a caller's correlation id, stamps it on the request's own lines and its completion line", async () => {
    const response = await fetch(`${base}/tickets/42?view=full`, { headers: { 'x-correlation-id': 'call-7.a' } });
    expect(response.headers.get('x-correlation-id')).toBe('call-7.a');
    expect(await response.json()).toEqual({ id: '42', correlationId: 'call-7.a' });
    const request = { id: 'call-7.a', method: 'GET', url: '/tickets/42?view=full' };
    expect(lines.find((line) => line.msg === 'looked at a ticket')).toMatchObject({
      level: 40,
      service: 'probe',
      req: request,
      ticketId: '42',
    });
    expect(await completionsOf(1)).toEqual([
      expect.objectContaining({ level: 30, msg: 'request completed', req: request, res: { statusCode: 200 } }),
    ]);
    expect(completions()[0].responseTime).toEqual(expect.any(Number));
  });

  it('gives a request without a usable id a new one', async () => {
    const response = await fetch(`${base}/tickets/1`, { headers: { 'x-correlation-id': 'a b<script>' } });
    const id = response.headers.get('x-correlation-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toEqual({ id: '1', correlationId: id });
  });

  it('logs a refusal at warn and a failure at error, and a probe not at all', async () => {
    expect((await fetch(`${base}/refused`)).status).toBe(403);
    expect((await fetch(`${base}/broken`)).status).toBe(500);
    expect((await fetch(`${base}/health`)).status).toBe(200);
    // the probe's line, were there one, would be written before the next request's
    expect((await fetch(`${base}/tickets/3`)).status).toBe(200);
    expect(
      (await completionsOf(3)).map((line) => [line.level, line.msg, (line.res as { statusCode: number }).statusCode]),
    ).toEqual([
      [40, 'request completed', 403],
      [50, 'request errored', 500],
      [30, 'request completed', 200],
    ]);
  });

  it('leaves an unlogged route alone: no id, no context, no line', async () => {
    const response = await fetch(`${base}/webhook`);
    expect(response.headers.get('x-correlation-id')).toBeNull();
    expect(await response.json()).toEqual({ correlationId: null });
    expect((await fetch(`${base}/tickets/4`)).status).toBe(200);
    expect((await completionsOf(1)).map((line) => (line.req as { url: string }).url)).toEqual(['/tickets/4']);
  });
});

describe('request logging below its level', () => {
  it("writes no completion line for a success at warn, and still stamps the request's warnings", async () => {
    const lines: Line[] = [];
    const app = await startApp('express', 'warn', lines);
    try {
      const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      expect((await fetch(`${base}/tickets/5`, { headers: { 'x-correlation-id': 'quiet-1' } })).status).toBe(200);
      expect((await fetch(`${base}/refused`)).status).toBe(403);
      await eventually(() => lines.some((line) => line.msg === 'request completed'));
      expect(lines.map((line) => [line.msg, (line.req as { id?: string } | undefined)?.id])).toEqual([
        ['looked at a ticket', 'quiet-1'],
        ['request completed', expect.any(String)],
      ]);
    } finally {
      await app.close();
    }
  });
});
