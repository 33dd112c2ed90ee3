import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module';
import { FilesModule } from '../files/files.module';
import { SetAsideModule } from '../set-aside/set-aside.module';
import { SurveyReplies } from './survey-replies';
import { UpdateForwarder } from './update-forwarder';
import { UpdateRetention } from './update-retention';

/** Stored updates handed to ticket-service in order, chat by chat, then kept a while for redelivery dedupe. */
@Module({
  imports: [DeliveryModule, FilesModule, SetAsideModule],
  providers: [UpdateForwarder, SurveyReplies, UpdateRetention],
  exports: [UpdateForwarder],
})
export class ForwardingModule {}
