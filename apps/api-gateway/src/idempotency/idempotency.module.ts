import { Global, Module } from '@nestjs/common';
import { IdempotencyStore } from './idempotency-store';
import { IdempotencyRetention } from './idempotency-retention';

/** Global: each POST's IdempotencyInterceptor (`@Idempotent()`), made in its controller's module, needs the store. */
@Global()
@Module({
  providers: [IdempotencyStore, IdempotencyRetention],
  exports: [IdempotencyStore],
})
export class IdempotencyModule {}
