import { Module } from '@nestjs/common';
import { CannedRepliesHttpController } from './canned-replies.http.controller';

@Module({ controllers: [CannedRepliesHttpController] })
export class CannedRepliesModule {}
