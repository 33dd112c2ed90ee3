import { ServiceName } from '@app/contracts';
import type { Topology } from './topology';

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export interface MessagingOptions {
  service: ServiceName;
  url: string;
  prefetch: number;
  /** prefetch of the event queue's consumer, when it must differ from `prefetch` */
  eventPrefetch?: number;
  deliveryLimit: number;
  rpcTimeoutMs: number;
  /** how long a publish may wait for the broker's confirm */
  publishTimeoutMs: number;
  /** on shutdown, how long in-flight handlers may take before their messages are left for redelivery */
  shutdownGraceMs?: number;
  /** who consumes what; the deployment's own unless a test says otherwise */
  topology?: Topology;
  /** declare only this service's own queues (a broker user per service); default: the whole topology */
  declareOwnQueuesOnly?: boolean;
  /** an RPC server's callers: per pattern, the broker users whose requests it serves (RpcCallerCheck) */
  rpcCallers?: Readonly<Record<string, readonly string[]>>;
}

export function messagingOptionsFromEnv(
  service: ServiceName,
  env: {
    RABBITMQ_URL: string;
    RABBITMQ_PREFETCH: number;
    RABBITMQ_DELIVERY_LIMIT: number;
    RPC_TIMEOUT_MS: number;
    RABBITMQ_DECLARE?: 'all' | 'own';
  },
): MessagingOptions {
  return {
    service,
    url: env.RABBITMQ_URL,
    prefetch: env.RABBITMQ_PREFETCH,
    deliveryLimit: env.RABBITMQ_DELIVERY_LIMIT,
    rpcTimeoutMs: env.RPC_TIMEOUT_MS,
    publishTimeoutMs: 5000,
    declareOwnQueuesOnly: env.RABBITMQ_DECLARE === 'own',
  };
}
