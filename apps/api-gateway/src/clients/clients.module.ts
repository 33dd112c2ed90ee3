import { Module } from '@nestjs/common';
import { ClientsHttpController } from './clients.http.controller';

@Module({ controllers: [ClientsHttpController] })
export class ClientsModule {}
