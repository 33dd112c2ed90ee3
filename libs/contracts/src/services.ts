/** The deployables; a service's name is also the stem of its RabbitMQ queues and its Postgres schema's owner. */
export const ServiceName = {
  ApiGateway: 'api-gateway',
  TicketService: 'ticket-service',
  BotService: 'bot-service',
} as const;
export type ServiceName = (typeof ServiceName)[keyof typeof ServiceName];
