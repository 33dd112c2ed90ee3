import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ErrorCode } from '@app/contracts';
import { AuthenticatedRequest } from '../auth/authenticated-request';
import { Authenticated } from '../auth/authenticated.decorator';
import { AccessTokenClaims, EmployeeAuthentication } from '../auth/employee-authentication';
import { bearerToken } from '../auth/jwt.strategy';
import { GatewayConfig } from '../config';
import { ApiErrorResponses } from '../http/api-error-responses';
import { EventStream } from './event-stream';
import { EventStreamMetrics } from './event-stream-metrics';
import { LiveFeed } from './live-feed';
import { STREAMED_EVENTS, STREAM_CLOSED_EVENT, STREAM_CLOSE_REASONS } from './stream-event';

/** setTimeout's longest delay; a token living longer is re-checked at each heartbeat anyway. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The claims of a token JwtAuthGuard has just verified (so reading them needs no second check). */
function verifiedClaims(token: string): Partial<AccessTokenClaims> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Partial<AccessTokenClaims>;
}

@ApiTags('events')
@Authenticated()
@ApiErrorResponses(ErrorCode.Internal)
@Controller('events')
export class EventsHttpController {
  constructor(
    private readonly feed: LiveFeed,
    private readonly metrics: EventStreamMetrics,
    private readonly authentication: EmployeeAuthentication,
    private readonly config: GatewayConfig,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Live events (Server-Sent Events)',
    description:
      'A stream of `event: <name>`, `id: <n>`, `data: <JSON>`, with a `: ping` comment at least every 20 s. ' +
      `Events: ${STREAMED_EVENTS.map((name) => `\`${name}\``).join(', ')}. ` +
      '`ticket.updated` carries the ticket view after the change, `message.created` the message view, ' +
      '`message.delivery_updated` `{ticketId, messageId, deliveryStatus, deliveryError}`, `ticket.created` `{ticketId, clientId}`. ' +
      `Before the gateway ends a stream it sends \`${STREAM_CLOSED_EVENT}\` with \`{reason}\` (${STREAM_CLOSE_REASONS.join(', ')}). ` +
      'Events are a signal; the REST API is the truth: after reconnecting, re-read what you show.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description:
      'The stream; it stays open until the token expires, the employee is deactivated, or either side closes it',
  })
  open(@Req() request: AuthenticatedRequest, @Res() response: Response): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      // nginx and similar proxies would otherwise buffer the stream
      'x-accel-buffering': 'no',
    });
    request.socket.setNoDelay(true);
    request.socket.setTimeout(0);
    response.write(': connected\n\n');

    const stream = new EventStream(response, this.config.EVENTS_STREAM_BUFFER);
    const stopListening = this.feed.listen({
      deliver: (event) => stream.send(event),
      end: (reason) => stream.close(reason),
    });

    const claims = verifiedClaims(bearerToken(request)!);
    const expiresInMs =
      claims.exp === undefined ? MAX_TIMER_MS : Math.min(claims.exp * 1000 - Date.now(), MAX_TIMER_MS);
    const expiry = setTimeout(() => stream.close('token_expired'), Math.max(expiresInMs, 0));
    const heartbeat = setInterval(() => {
      stream.ping();
      // Deactivation ends the stream within a heartbeat.
      this.authentication.employeeFor(claims).catch(() => stream.close('employee_deactivated'));
    }, this.config.EVENTS_HEARTBEAT_SECONDS * 1000);

    stream.whenClosed((reason) => {
      stopListening();
      this.metrics.streamEnded(reason);
      clearTimeout(expiry);
      clearInterval(heartbeat);
    });
  }
}
