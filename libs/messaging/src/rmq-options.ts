import { RmqOptions, Transport } from '@nestjs/microservices';
import type { AmqpConnectionManager } from 'amqp-connection-manager';
import { MessagingOptions } from './messaging.options';

/**
 * The Nest RMQ transport with its unsafe defaults replaced: manual acks (an unacked message survives
 * a crash), persistent messages, a bounded prefetch, Nagle off (~1.5 ms instead of ~44 ms per round
 * trip). Queues are declared by RabbitConnection, hence `noAssert`.
 */
export function rmqTransportOptions(options: MessagingOptions, queue: string, connectionName: string): RmqOptions {
  return {
    transport: Transport.RMQ,
    options: {
      urls: [options.url],
      queue,
      noAssert: true,
      noAck: false,
      persistent: true,
      prefetchCount: options.prefetch,
      isGlobalPrefetchCount: false,
      socketOptions: {
        heartbeatIntervalInSeconds: 10,
        reconnectTimeInSeconds: 1,
        connectionOptions: { noDelay: true, clientProperties: { connection_name: connectionName } },
      },
    },
  };
}

/**
 * RPC requests and replies go without publisher confirms. A caller waits for the reply, so a request or reply
 * the broker lost is the caller's timeout with a confirm or without one, and nothing reads a reply's confirm;
 * each is a frame the broker writes and a publisher reads per message. Nest opens its channels with
 * amqp-connection-manager's default, confirm mode, and takes no option for it: this makes the channels of the
 * connection it is given plain ones. Events keep their confirms (RabbitConnection: the outbox deletes a row
 * only once the broker has it).
 */
export function withoutPublisherConfirms(connection: AmqpConnectionManager): AmqpConnectionManager {
  const createChannel = connection.createChannel.bind(connection);
  connection.createChannel = (options) => createChannel({ ...options, confirm: false });
  return connection;
}
