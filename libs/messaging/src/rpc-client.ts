import { randomUUID } from 'node:crypto';
import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { ClientRMQ, RmqRecord } from '@nestjs/microservices';
import type { AmqpConnectionManager } from 'amqp-connection-manager';
import { CodedError, ErrorCode, RPC_QUERIES, isRpcErrorPayload } from '@app/contracts';
import { CORRELATION_HEADER, currentCorrelationId } from '@app/logging';
import type { ServiceMetrics } from '@app/telemetry';
import { JSON_BYTES_HEADER, JsonBytes, decodeReplyFrame, isReplyFrame } from './binary-reply';
import { MessagingTelemetry } from './messaging-telemetry';
import { MessagingOptions } from './messaging.options';
import { rmqTransportOptions, withoutPublisherConfirms } from './rmq-options';
import { brokerUserOf } from './rpc-caller-check';

/** Epoch ms after which the caller no longer waits: the server drops the request unanswered. */
export const DEADLINE_HEADER = 'x-deadline';

/** The caller's deadline passed with no reply. */
class RpcDeadlineMissed extends Error {}

/** Nest's RMQ client that also reads replies sent as bytes (binary-reply.ts), publishing without confirms. */
class RmqClient extends ClientRMQ {
  override createClient(): AmqpConnectionManager {
    return withoutPublisherConfirms(super.createClient());
  }

  /**
   * One request and its first reply as a promise, within `timeoutMs`: what `send()` piped through rxjs's
   * `timeout` and `firstValueFrom` did (the same connection, publish, reply listener and its removal), without
   * an observable, its operators and subscribers for every call (a twentieth of the gateway's allocations
   * under the list).
   */
  async request<T>(pattern: string, record: RmqRecord, timeoutMs: number): Promise<T> {
    await this.connect();
    return new Promise<T>((resolve, reject) => {
      // publish may answer a failure at once, before it returns what stops the listening
      const call: { settled: boolean; stopListening?: () => void } = { settled: false };
      const settle = () => {
        call.settled = true;
        clearTimeout(deadline);
        call.stopListening?.();
      };
      const deadline = setTimeout(() => {
        settle();
        reject(new RpcDeadlineMissed());
      }, timeoutMs);
      call.stopListening = this.publish({ pattern, data: record }, ({ err, response, isDisposed }) => {
        if (call.settled) return;
        if (err) {
          settle();
          reject(err);
        } else if (response !== undefined) {
          settle();
          resolve(response as T);
        } else if (isDisposed) {
          settle();
          reject(new Error(`The reply to ${pattern} carried no response`));
        }
      });
      if (call.settled) call.stopListening();
    });
  }

  protected override parseMessageContent(content: Buffer): unknown {
    return isReplyFrame(content) ? decodeReplyFrame(content) : super.parseMessageContent(content);
  }
}

/**
 * A typed RPC client for one service's queue. Every call has a deadline; a remote error arrives as a
 * CodedError with the remote code, a missed deadline as UPSTREAM_TIMEOUT, an unreachable broker as
 * SERVICE_UNAVAILABLE.
 */
export class RpcClient<
  M extends { [P in keyof M]: { request: unknown; response: unknown } },
> implements OnApplicationShutdown {
  private readonly logger = new Logger(RpcClient.name);
  private readonly proxy: RmqClient;
  private readonly telemetry: MessagingTelemetry;
  /** sent as each request's user_id: the broker refuses it unless it is the user we connected as */
  private readonly brokerUser: string;

  constructor(
    private readonly options: MessagingOptions,
    queue: string,
    metrics?: ServiceMetrics,
  ) {
    this.telemetry = new MessagingTelemetry(options.service, metrics);
    const transport = rmqTransportOptions(options, queue, `${options.service}:rpc-client`);
    // On the client, noAck concerns only the replies, which come over direct reply-to: that pseudo-queue
    // requires no-ack consumption, and a lost reply just becomes a timeout for the caller.
    this.proxy = new RmqClient({ ...transport.options, noAck: true });
    this.brokerUser = brokerUserOf(options.url);
  }

  call<P extends keyof M & string>(
    pattern: P,
    request: M[P]['request'],
    timeoutMs = this.options.rpcTimeoutMs,
  ): Promise<M[P]['response']> {
    return this.send(pattern, request, timeoutMs, false);
  }

  /**
   * The response as its JSON text, unparsed: for a caller that only hands it on (an HTTP answer). A server from
   * before JSON frames answers JSON as usual; its response is serialised here, so the caller sees no difference.
   */
  async callForJson<P extends keyof M & string>(
    pattern: P,
    request: M[P]['request'],
    timeoutMs = this.options.rpcTimeoutMs,
  ): Promise<JsonBytes<M[P]['response']>> {
    const response: unknown = await this.send(pattern, request, timeoutMs, true);
    return response instanceof JsonBytes ? response : JsonBytes.of(response as M[P]['response']);
  }

  private async send<P extends keyof M & string>(
    pattern: P,
    request: M[P]['request'],
    timeoutMs: number,
    asJsonBytes: boolean,
  ): Promise<M[P]['response']> {
    const headers: Record<string, string> = {
      [CORRELATION_HEADER]: currentCorrelationId() ?? randomUUID(),
      [DEADLINE_HEADER]: String(Date.now() + timeoutMs),
    };
    if (asJsonBytes) headers[JSON_BYTES_HEADER] = '1';
    return this.telemetry.rpcCall(pattern, headers, async () => {
      const record = new RmqRecord(request, {
        headers,
        persistent: !RPC_QUERIES.has(pattern),
        userId: this.brokerUser,
      });
      try {
        return await this.proxy.request<M[P]['response']>(pattern, record, timeoutMs);
      } catch (error) {
        throw this.toCodedError(pattern, error);
      }
    });
  }

  private toCodedError(pattern: string, error: unknown): CodedError {
    if (error instanceof CodedError) return error;
    if (isRpcErrorPayload(error)) return new CodedError(error.code, error.message, error.details);
    if (error instanceof RpcDeadlineMissed) {
      this.logger.warn({ pattern }, 'RPC call timed out');
      return new CodedError(ErrorCode.UpstreamTimeout, `No answer to ${pattern} in time`);
    }
    this.logger.error({ pattern, err: error }, 'RPC call failed');
    return new CodedError(ErrorCode.ServiceUnavailable, `Could not reach the service for ${pattern}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.proxy.close();
  }
}
