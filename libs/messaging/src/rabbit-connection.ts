import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import amqp, { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel } from 'amqplib';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { declareTopology } from './topology';

/**
 * The service's own connection to RabbitMQ (besides the Nest transport's): declares the topology,
 * publishes events on a confirm channel, and tells health checks whether the broker is reachable.
 */
@Injectable()
export class RabbitConnection implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RabbitConnection.name);
  readonly connection: AmqpConnectionManager;
  readonly channel: ChannelWrapper;

  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {
    this.connection = amqp.connect([options.url], {
      heartbeatIntervalInSeconds: 10,
      reconnectTimeInSeconds: 1,
      connectionOptions: { noDelay: true, clientProperties: { connection_name: `${options.service}:control` } },
    });
    this.connection.on('disconnect', ({ err }) => this.logger.warn(`RabbitMQ disconnected: ${err?.message ?? 'closed'}`));
    this.connection.on('connect', () => this.logger.log('RabbitMQ connected'));
    this.channel = this.connection.createChannel({
      json: false,
      confirm: true,
      publishTimeout: options.publishTimeoutMs,
      setup: (channel: ConfirmChannel) => declareTopology(channel, { deliveryLimit: options.deliveryLimit, topology: options.topology }),
    });
    // A setup cut short by a dropped connection is retried on reconnect; unheard, the 'error' would end the process.
    this.channel.on('error', (error: Error) => this.logger.warn(`RabbitMQ channel setup failed, retried on reconnect: ${error.message}`));
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
