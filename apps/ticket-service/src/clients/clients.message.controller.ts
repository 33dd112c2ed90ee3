import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { ClientView, RegisterClientSchema, TicketRpc } from '@app/contracts';
import { ContractPipe, MessageController } from '@app/messaging';
import { ClientRegistry } from './client-registry';

@MessageController()
export class ClientsMessageController {
  constructor(private readonly clients: ClientRegistry) {}

  @MessagePattern(TicketRpc.RegisterClient)
  register(@Payload(new ContractPipe(RegisterClientSchema)) request: z.output<typeof RegisterClientSchema>): Promise<ClientView> {
    return this.clients.register(request);
  }
}
