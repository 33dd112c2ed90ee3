import { ServiceName } from '@app/contracts';
import { DEAD_LETTER_EXCHANGE, EVENTS_EXCHANGE, TOPOLOGY, Topology, allQueues, deadLetterQueue } from './topology';

/** A RabbitMQ user's permissions on a vhost: regular expressions over queue and exchange names. */
export interface BrokerPermissions {
  configure: string;
  write: string;
  read: string;
}

const escaped = (name: string) => name.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
/** Names matched exactly, and patterns (already regular expressions) as they are. */
const anyOf = (names: string[], patterns: string[] = []) =>
  `^(${[...[...new Set(names)].map(escaped), ...patterns].join('|')})$`;
/** The pseudo-queue RPC replies arrive on (direct reply-to); answering one publishes to the default exchange. */
const REPLY_TO = 'amq.rabbitmq.reply-to';
const DEFAULT_EXCHANGE = 'amq.default';
/** Services with an outbox relay publishing to `desk.events` (the gateway: `employee.changed`). */
const EVENT_PUBLISHERS: readonly ServiceName[] = [
  ServiceName.TicketService,
  ServiceName.BotService,
  ServiceName.ApiGateway,
];
/**
 * The gateway's live feed (GET /events): a server-named, exclusive queue per replica bound to `desk.events`.
 * Exclusive means only the connection that declared it can use it, so the pattern gives no other user anything.
 */
const SERVER_NAMED_QUEUE = 'amq\\.gen-[\\w-]+';
const OWN_SERVER_NAMED: Partial<Record<ServiceName, string[]>> = { [ServiceName.ApiGateway]: [SERVER_NAMED_QUEUE] };

/**
 * What one service's broker user needs, and no more, with RABBITMQ_DECLARE=own: it declares the exchanges
 * and its own queues, binds them, publishes where it publishes (RPC requests and replies through the
 * default exchange, events to `desk.events`), and consumes its own queues and its RPC replies only.
 * Publishing as another service is stopped by the broker-validated `user_id` (see RpcCallerCheck).
 */
export function brokerPermissions(service: ServiceName, topology: Topology = TOPOLOGY): BrokerPermissions {
  const exchanges = [EVENTS_EXCHANGE, DEAD_LETTER_EXCHANGE];
  const queues = allQueues(topology, service).flatMap(({ queue }) => [queue, deadLetterQueue(queue)]);
  const publishesEvents = EVENT_PUBLISHERS.includes(service);
  const serverNamed = OWN_SERVER_NAMED[service] ?? [];
  return {
    configure: anyOf([...exchanges, ...queues], serverNamed),
    // write on a queue is what binding it needs, on the dead-letter exchange what declaring a queue that
    // names it needs; publishing is checked on the exchange
    write: anyOf(
      [...queues, DEAD_LETTER_EXCHANGE, DEFAULT_EXCHANGE, ...(publishesEvents ? [EVENTS_EXCHANGE] : [])],
      serverNamed,
    ),
    // read on an exchange is what binding from it needs; consuming is checked on the queue
    // (declaring a queue that dead-letters needs read on it, so its dead-letter queue is readable too)
    read: anyOf([...exchanges, ...queues, REPLY_TO], serverNamed),
  };
}
