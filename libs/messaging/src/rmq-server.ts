import { Logger } from '@nestjs/common';
import { RmqContext, RmqOptions, ServerRMQ } from '@nestjs/microservices';
import type { Channel } from 'amqplib';
import type { AmqpConnectionManager } from 'amqp-connection-manager';
import { JSON_BYTES_HEADER, encodeReplyPacket } from './binary-reply';
import { withoutPublisherConfirms } from './rmq-options';

/** Starts with a letter, and is not one of the three JSON literals: JSON.parse would throw on it. */
const PLAIN_NAME = /^(?!(?:true|false|null)\s*$)[A-Za-z]/;

/**
 * Nest's RMQ server with RPC replies that cannot kill the process. Nest publishes a reply with
 * `channel.sendToQueue(...)` on amqp-connection-manager's channel wrapper and drops the promise: a reply the
 * wrapper fails (on a confirm channel, one unconfirmed when RabbitMQ closes the connection) rejects with nobody
 * listening, and an unhandled rejection ends a Node 20 process. Here a reply goes out on the channel its
 * request came in on: if that channel is gone, so is the caller's direct reply-to queue, and the lost reply
 * becomes the caller's timeout (UPSTREAM_TIMEOUT), which callers already handle. The channel wrapper's own
 * errors are logged. A BinaryReply goes out as bytes, not JSON, and a response the caller asked for as JSON
 * bytes as a JSON frame (binary-reply.ts).
 */
export class RmqServer extends ServerRMQ {
  private readonly replyLogger = new Logger(RmqServer.name);
  private watching = false;

  constructor(options: RmqOptions['options']) {
    super(options ?? {});
  }

  /**
   * Our patterns are plain names (`ticket.list`); Nest's own first tries JSON.parse, which throws, and builds a
   * SyntaxError with its stack, for every message. A name that cannot be JSON skips that try; anything else
   * (true, false, null, a number, an object) still goes Nest's way.
   */
  override getRouteFromPattern(pattern: string): string {
    return PLAIN_NAME.test(pattern) ? this.normalizePattern(pattern) : super.getRouteFromPattern(pattern);
  }

  /** Replies need no publisher confirms (withoutPublisherConfirms); the channel only consumes otherwise. */
  override createClient<T = AmqpConnectionManager>(): T {
    return withoutPublisherConfirms(super.createClient<AmqpConnectionManager>()) as T;
  }

  override async setupChannel(channel: Channel, callback: () => void): Promise<void> {
    this.watchChannelErrors();
    return super.setupChannel(channel, callback);
  }

  override sendMessage<T = unknown>(message: T, replyTo: string, correlationId: string, context: RmqContext): void {
    const outgoing = this.serializer.serialize(message as never) as Record<string, unknown> & {
      options?: Record<string, unknown>;
    };
    const { options, ...packet } = outgoing;
    this.onProcessingEndHook?.(this.transportId, context);
    const channel = context.getChannelRef() as Channel;
    const asJsonBytes = context.getMessage().properties.headers?.[JSON_BYTES_HEADER] === '1';
    try {
      channel.sendToQueue(replyTo, encodeReplyPacket(packet, asJsonBytes), { correlationId, ...options });
    } catch (error) {
      this.replyLogger.warn({ correlationId, err: error }, 'RPC reply lost with its channel; the caller will time out');
    }
  }

  /** A ChannelWrapper emits 'error' when a setup or a queued publish fails; unheard, it would throw. */
  private watchChannelErrors(): void {
    if (!this.channel || this.watching) return;
    this.watching = true;
    this.channel.on('error', (error: Error) =>
      this.replyLogger.warn({ err: error }, 'RabbitMQ consumer channel error; it reconnects'),
    );
  }
}
