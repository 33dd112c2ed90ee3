import { Module } from '@nestjs/common';
import { ClientProfiles } from './client-profiles';
import { ClientRegistry } from './client-registry';
import { ClientsMessageController } from './clients.message.controller';

@Module({
  controllers: [ClientsMessageController],
  providers: [ClientRegistry, ClientProfiles],
  exports: [ClientRegistry],
})
export class ClientsModule {}
