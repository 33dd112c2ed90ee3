import { Module } from '@nestjs/common';
import { ClientRegistry } from './client-registry';
import { ClientsMessageController } from './clients.message.controller';

@Module({
  controllers: [ClientsMessageController],
  providers: [ClientRegistry],
  exports: [ClientRegistry],
})
export class ClientsModule {}
