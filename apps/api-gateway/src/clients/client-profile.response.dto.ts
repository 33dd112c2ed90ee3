import { ApiProperty } from '@nestjs/swagger';
import { ClientProfileView } from '@app/contracts';
import { ClientResponse } from '../tickets/dto/ticket.response.dto';

export class ClientProfileResponse extends ClientResponse implements ClientProfileView {
  @ApiProperty({
    format: 'date-time',
    description: 'When the client first wrote to the bot',
    example: '2024-03-02T11:00:00.000Z',
  })
  firstSeenAt: string;

  @ApiProperty({
    description: 'Tickets the client has had, this one included; list them with GET /tickets?clientId=',
    example: 4,
  })
  ticketCount: number;
}
