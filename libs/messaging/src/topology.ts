import type { Channel } from 'amqplib';
import { EventName, Events, ServiceName } from '@app/contracts';

export const EVENTS_EXCHANGE = 'desk.events';
export const DEAD_LETTER_EXCHANGE = 'desk.dead-letter';

export interface Topology {
  /** Which events each service consumes. One durable queue per service; its replicas compete on it. */
  subscriptions: Record<ServiceName, readonly EventName[]>;
  /** Services that answer RPC requests on their own queue. */
  rpcServers: readonly ServiceName[];
}

export const TOPOLOGY: Topology = {
  subscriptions: {
    [ServiceName.ApiGateway]: [],
    [ServiceName.TicketService]: [Events.MessageDeliveryReported, Events.EmployeeChanged],
    [ServiceName.BotService]: [
      Events.TicketCreated,
      Events.TicketStatusChanged,
      Events.MessageOutbound,
      Events.MessageOutboundFile,
    ],
  },
  rpcServers: [ServiceName.TicketService],
};

export const rpcQueue = (service: ServiceName) => `${service}.rpc`;
export const eventQueue = (service: ServiceName) => `${service}.events`;
export const deadLetterQueue = (queue: string) => `${queue}.dead`;

export interface TopologyOptions {
  /** deliveries of one message before the broker dead-letters it */
  deliveryLimit: number;
  topology?: Topology;
  /**
   * Declare only this service's own queues (with the exchanges): for a broker user per service, whose
   * permissions (brokerPermissions) cover declaring its own queues only. Unset: the whole topology.
   */
  onlyFor?: ServiceName;
}

type QueueKind = 'rpc' | 'events';

/**
 * Event queues are quorum queues: durable, replicated when clustered, and the broker itself counts
 * deliveries (`x-delivery-limit`), so an event that keeps failing, or keeps killing its consumer, ends in
 * the dead-letter queue instead of looping forever.
 * RPC queues are classic durable queues: a request is worthless once its caller has given up (the
 * consumer drops it after its deadline), so it need not pay for the quorum log's latency.
 */
export function queueOptions(queue: string, kind: QueueKind, options: TopologyOptions) {
  const deadLetter = { 'x-dead-letter-exchange': DEAD_LETTER_EXCHANGE, 'x-dead-letter-routing-key': queue };
  if (kind === 'rpc') return { durable: true, arguments: { 'x-queue-type': 'classic', ...deadLetter } };
  return {
    durable: true,
    arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': options.deliveryLimit, ...deadLetter },
  };
}

/** Every queue this deployment uses (or one service's, given `owner`), with its event bindings. */
export function allQueues(
  topology: Topology = TOPOLOGY,
  owner?: ServiceName,
): { queue: string; kind: QueueKind; bindings: readonly EventName[] }[] {
  const queues: { queue: string; kind: QueueKind; bindings: readonly EventName[] }[] = [];
  const owned = (service: ServiceName) => owner === undefined || service === owner;
  for (const service of topology.rpcServers)
    if (owned(service)) queues.push({ queue: rpcQueue(service), kind: 'rpc', bindings: [] });
  for (const [service, events] of Object.entries(topology.subscriptions) as [ServiceName, readonly EventName[]][]) {
    if (events.length > 0 && owned(service))
      queues.push({ queue: eventQueue(service), kind: 'events', bindings: events });
  }
  return queues;
}

/**
 * Declares the whole topology. Every service does it at start (the declarations are idempotent), so an
 * event published before its consumer ever ran still waits in the consumer's queue.
 */
export async function declareTopology(channel: Channel, options: TopologyOptions): Promise<void> {
  await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
  await channel.assertExchange(DEAD_LETTER_EXCHANGE, 'direct', { durable: true });
  for (const { queue, kind, bindings } of allQueues(options.topology, options.onlyFor)) {
    await channel.assertQueue(queue, queueOptions(queue, kind, options));
    for (const event of bindings) await channel.bindQueue(queue, EVENTS_EXCHANGE, event);
    const dead = deadLetterQueue(queue);
    await channel.assertQueue(dead, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await channel.bindQueue(dead, DEAD_LETTER_EXCHANGE, queue);
  }
}
