import { DynamicModule, INestApplication, Module, Provider } from '@nestjs/common';
import { ServiceName, TicketRpcMap } from '@app/contracts';
import { ServiceMetrics } from '@app/telemetry';
import { coalesceAmqpWrites } from './amqp-write-coalescing';
import { EventPublisher } from './event-publisher';
import { ConsumerShutdown, InFlightMessages } from './in-flight-messages';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { RabbitConnection } from './rabbit-connection';
import { RpcCallerCheck } from './rpc-caller-check';
import { RpcClient } from './rpc-client';
import { rmqTransportOptions } from './rmq-options';
import { RmqServer } from './rmq-server';
import { TOPOLOGY, eventQueue, rpcQueue } from './topology';

/** Injection token of the typed RPC client for ticket-service. */
export const TICKET_SERVICE = Symbol('TICKET_SERVICE');
export type TicketServiceClient = RpcClient<TicketRpcMap>;

@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    coalesceAmqpWrites();
    const ticketServiceClient: Provider = {
      provide: TICKET_SERVICE,
      useFactory: (metrics?: ServiceMetrics) =>
        new RpcClient<TicketRpcMap>(options, rpcQueue(ServiceName.TicketService), metrics),
      inject: [{ token: ServiceMetrics, optional: true }],
    };
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        RabbitConnection,
        EventPublisher,
        ticketServiceClient,
        InFlightMessages,
        RpcCallerCheck,
        ConsumerShutdown,
      ],
      exports: [MESSAGING_OPTIONS, RabbitConnection, EventPublisher, TICKET_SERVICE, InFlightMessages, RpcCallerCheck],
    };
  }
}

/**
 * Attaches the service's RabbitMQ consumers: its RPC queue if it serves RPC, its event queue if it
 * subscribes to events. Handlers live in `@MessageController()` classes. Call before `app.init()`.
 */
export function connectConsumers(app: INestApplication, options: MessagingOptions): void {
  const topology = options.topology ?? TOPOLOGY;
  const consumers: { queue: string; prefetch: number }[] = [];
  if (topology.rpcServers.includes(options.service))
    consumers.push({ queue: rpcQueue(options.service), prefetch: options.prefetch });
  if (topology.subscriptions[options.service].length > 0) {
    consumers.push({ queue: eventQueue(options.service), prefetch: options.eventPrefetch ?? options.prefetch });
  }
  for (const { queue, prefetch } of consumers) {
    const transport = rmqTransportOptions({ ...options, prefetch }, queue, `${options.service}:${queue}`);
    app.connectMicroservice({ strategy: new RmqServer(transport.options) }, { inheritAppConfig: false });
  }
}
