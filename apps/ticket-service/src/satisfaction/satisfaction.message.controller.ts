import { MessagePattern, Payload } from '@nestjs/microservices';
import { RateTicketCommand, RateTicketResult, RateTicketSchema, TicketRpc } from '@app/contracts';
import { ContractPipe, MessageController } from '@app/messaging';
import { Ratings } from './ratings';

/** One rating on its own (RecordInboundBatch carries them in the client's order; this is its one-by-one fallback). */
@MessageController()
export class SatisfactionMessageController {
  constructor(private readonly ratings: Ratings) {}

  @MessagePattern(TicketRpc.RateTicket)
  rate(@Payload(new ContractPipe(RateTicketSchema)) request: RateTicketCommand): Promise<RateTicketResult> {
    return this.ratings.rate(request);
  }
}
