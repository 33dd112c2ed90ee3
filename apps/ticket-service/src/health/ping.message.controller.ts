import { MessagePattern } from '@nestjs/microservices';
import { TicketRpc } from '@app/contracts';
import { MessageController } from '@app/messaging';

/** Lets callers (the gateway's readiness, benchmarks) check the RPC path end to end. */
@MessageController()
export class PingMessageController {
  @MessagePattern(TicketRpc.Ping)
  ping(): { ok: true } {
    return { ok: true };
  }
}
