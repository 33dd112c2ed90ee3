import { MessagePattern, Payload } from '@nestjs/microservices';
import { ClientView, RegisterClientCommand, RegisterClientSchema, TicketRpc } from '@app/contracts';
import { ContractPipe, MessageController } from '@app/messaging';
import { ClientRegistry } from './client-registry';

@MessageController()
export class ClientsMessageController {
  constructor(private readonly clients: ClientRegistry) {}

  @MessagePattern(TicketRpc.RegisterClient)
  register(@Payload(new ContractPipe(RegisterClientSchema)) request: RegisterClientCommand): Promise<ClientView> {
    return this.clients.register(request);
  }
}
