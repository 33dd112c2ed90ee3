import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import amqp, { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import amqplib, { type ConfirmChannel } from 'amqplib';
import { ServiceMetrics } from '@app/telemetry';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { consumedQueues, watchQueueDepths } from './queue-depths';
import { TopologyOptions, declareTopology } from './topology';

/**
 * The service's own connection to RabbitMQ (besides the Nest transport's): declares the topology,
 * publishes events on a confirm channel, and tells health checks whether the broker is reachable.
 */
@Injectable()
export class RabbitConnection implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RabbitConnection.name);
  readonly connection: AmqpConnectionManager;
  readonly channel: ChannelWrapper;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Optional() @Inject(ServiceMetrics) metrics?: ServiceMetrics,
  ) {
    this.connection = amqp.connect([options.url], {
      heartbeatIntervalInSeconds: 10,
      reconnectTimeInSeconds: 1,
      connectionOptions: { noDelay: true, clientProperties: { connection_name: `${options.service}:control` } },
    });
    this.connection.on('disconnect', ({ err }) =>
      this.logger.warn(`RabbitMQ disconnected: ${err?.message ?? 'closed'}`),
    );
    this.connection.on('connect', () => this.logger.log('RabbitMQ connected'));
    this.channel = this.connection.createChannel({
      json: false,
      confirm: true,
      publishTimeout: options.publishTimeoutMs,
      setup: (channel: ConfirmChannel) => declareTopology(channel, topologyOptionsOf(options)),
    });
    // A setup cut short by a dropped connection is retried on reconnect; unheard, the 'error' would end the process.
    this.channel.on('error', (error: Error) =>
      this.logger.warn(`RabbitMQ channel setup failed, retried on reconnect: ${error.message}`),
    );
    if (metrics) watchQueueDepths(metrics, this.channel, consumedQueues(options));
  }

  /** Waits for the first connection, so the topology exists before the consumers start. */
  async onModuleInit(): Promise<void> {
    await this.channel.waitForConnect();
  }

  isConnected(): boolean {
    return this.connection.isConnected();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel.close().catch(() => undefined);
    await this.connection.close().catch(() => undefined);
  }
}

/** What a service declares: the whole topology, or (a broker user per service) its own queues only. */
export function topologyOptionsOf(options: MessagingOptions): TopologyOptions {
  return {
    deliveryLimit: options.deliveryLimit,
    topology: options.topology,
    onlyFor: options.declareOwnQueuesOnly ? options.service : undefined,
  };
}

/**
 * Declares what the service owns and closes: part of its `migrate` command, so that with a broker user per
 * service (RABBITMQ_DECLARE=own) every consumer's queue exists before any service publishes an event.
 */
export async function declareOwnTopology(options: MessagingOptions): Promise<void> {
  if (!options.declareOwnQueuesOnly) return;
  const connection = await amqplib.connect(options.url);
  try {
    await declareTopology(await connection.createChannel(), topologyOptionsOf(options));
  } finally {
    await connection.close();
  }
}
