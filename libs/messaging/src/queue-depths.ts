import type { ChannelWrapper } from 'amqp-connection-manager';
import { ServiceMetrics, refreshedGauge } from '@app/telemetry';
import { MessagingOptions } from './messaging.options';
import { TOPOLOGY, deadLetterQueue, eventQueue, rpcQueue } from './topology';

/** The queues a service consumes, and their dead-letter queues. */
export function consumedQueues(options: MessagingOptions): string[] {
  const topology = options.topology ?? TOPOLOGY;
  const queues: string[] = [];
  if (topology.rpcServers.includes(options.service)) queues.push(rpcQueue(options.service));
  if (topology.subscriptions[options.service].length > 0) queues.push(eventQueue(options.service));
  return queues.flatMap((queue) => [queue, deadLetterQueue(queue)]);
}

/**
 * `desk_queue_messages{queue}` and `desk_queue_consumers{queue}` for the queues this service consumes: what
 * waits (an RPC backlog, events not yet handled, dead letters). A passive declare per queue, at most every
 * few seconds; replicas report the same queues, so sum nothing: take the max.
 */
export function watchQueueDepths(metrics: ServiceMetrics, channel: ChannelWrapper, queues: string[]): void {
  if (queues.length === 0) return;
  let latest: Promise<{ queue: string; messageCount: number; consumerCount: number }[]> | undefined;
  const read = () =>
    (latest ??= Promise.all(queues.map((queue) => channel.checkQueue(queue))).finally(() =>
      setImmediate(() => (latest = undefined)),
    ));
  refreshedGauge({
    name: 'desk_queue_messages',
    help: 'Messages ready in a RabbitMQ queue this service consumes (dead-letter queues included)',
    labelNames: ['queue'],
    registry: metrics.registry,
    read: async () => (await read()).map(({ queue, messageCount }) => ({ labels: { queue }, value: messageCount })),
  });
  refreshedGauge({
    name: 'desk_queue_consumers',
    help: 'Consumers attached to a RabbitMQ queue this service consumes',
    labelNames: ['queue'],
    registry: metrics.registry,
    read: async () => (await read()).map(({ queue, consumerCount }) => ({ labels: { queue }, value: consumerCount })),
  });
}
