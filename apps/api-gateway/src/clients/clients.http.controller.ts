import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ClientProfileView, ErrorCode, TicketRpc } from '@app/contracts';
import { TICKET_SERVICE, TicketServiceClient } from '@app/messaging';
import { Authenticated } from '../auth/authenticated.decorator';
import { ApiErrorResponses, UPSTREAM_ERRORS } from '../http/api-error-responses';
import { NoQueryParameters } from '../http/no-query';
import { MAX_ID, PositiveIntPipe } from '../http/positive-int.pipe';
import { ClientProfileResponse } from './client-profile.response.dto';

@ApiTags('clients')
@Authenticated()
@ApiErrorResponses(...UPSTREAM_ERRORS)
@Controller('clients')
export class ClientsHttpController {
  constructor(@Inject(TICKET_SERVICE) private readonly tickets: TicketServiceClient) {}

  @Get(':id')
  @ApiOperation({ summary: 'A client: profile, first seen, ticket count' })
  @ApiParam({
    name: 'id',
    description: 'Client id (`client.id` of a ticket)',
    schema: { type: 'integer', minimum: 1, maximum: MAX_ID },
  })
  @ApiOkResponse({ type: ClientProfileResponse })
  @ApiErrorResponses(ErrorCode.ValidationFailed, ErrorCode.ClientNotFound)
  get(@Param('id', PositiveIntPipe) id: number, @Query() _query: NoQueryParameters): Promise<ClientProfileView> {
    return this.tickets.call(TicketRpc.GetClient, { clientId: id });
  }
}
