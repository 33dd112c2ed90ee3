import { RPC_CALLERS, ServiceName } from '@app/contracts';
import { MessagingOptions, brokerUserOf, messagingOptionsFromEnv } from '@app/messaging';
import { TicketServiceConfig } from './config';

/**
 * ticket-service's messaging, with who may call what: RPC_CALLERS names services, the config names their
 * broker users. A user left unset is taken to be ticket-service's own, which fits one shared broker user
 * (development, tests) and, with a user per service, refuses that service's calls until it is set.
 */
export function ticketServiceMessagingOptions(config: TicketServiceConfig): MessagingOptions {
  const own = brokerUserOf(config.RABBITMQ_URL);
  const userOf: Record<ServiceName, string> = {
    [ServiceName.ApiGateway]: config.RABBITMQ_GATEWAY_USER ?? own,
    [ServiceName.BotService]: config.RABBITMQ_BOT_USER ?? own,
    [ServiceName.TicketService]: own,
  };
  const rpcCallers = Object.fromEntries(
    Object.entries(RPC_CALLERS).map(([pattern, services]) => [
      pattern,
      [...new Set(services.map((service) => userOf[service]))],
    ]),
  );
  return { ...messagingOptionsFromEnv(ServiceName.TicketService, config), rpcCallers };
}
