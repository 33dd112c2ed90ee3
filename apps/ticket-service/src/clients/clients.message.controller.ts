import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ClientProfileView,
  ClientView,
  GetClientQuery,
  GetClientSchema,
  RegisterClientCommand,
  RegisterClientSchema,
  TicketRpc,
} from '@app/contracts';
import { ContractPipe, MessageController } from '@app/messaging';
import { ClientProfiles } from './client-profiles';
import { ClientRegistry } from './client-registry';

@MessageController()
export class ClientsMessageController {
  constructor(
    private readonly clients: ClientRegistry,
    private readonly profiles: ClientProfiles,
  ) {}

  @MessagePattern(TicketRpc.RegisterClient)
  register(@Payload(new ContractPipe(RegisterClientSchema)) request: RegisterClientCommand): Promise<ClientView> {
    return this.clients.register(request);
  }

  @MessagePattern(TicketRpc.GetClient)
  get(@Payload(new ContractPipe(GetClientSchema)) request: GetClientQuery): Promise<ClientProfileView> {
    return this.profiles.get(request.clientId);
  }
}
