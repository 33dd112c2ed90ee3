import { ServiceName } from './services';
import { TicketRpc, TicketRpcPattern } from './rpc';

/**
 * Who may send each RPC to ticket-service, checked against the broker-validated `user_id` of the request
 * (RabbitMQ refuses a message whose user_id is not the user it came in as). Employee commands and queries
 * come only from the gateway, which has authenticated the employee: a compromised bot-service cannot reply
 * as an employee. A full record, so a new pattern does not compile until someone decides who may call it.
 */
export const RPC_CALLERS: Record<TicketRpcPattern, readonly ServiceName[]> = {
  [TicketRpc.RegisterClient]: [ServiceName.BotService],
  [TicketRpc.RecordInbound]: [ServiceName.BotService],
  [TicketRpc.RecordInboundBatch]: [ServiceName.BotService],
  [TicketRpc.ListTickets]: [ServiceName.ApiGateway],
  [TicketRpc.GetTicket]: [ServiceName.ApiGateway],
  [TicketRpc.ChangeStatus]: [ServiceName.ApiGateway],
  [TicketRpc.Assign]: [ServiceName.ApiGateway],
  [TicketRpc.ListMessages]: [ServiceName.ApiGateway],
  [TicketRpc.Reply]: [ServiceName.ApiGateway],
  [TicketRpc.Ping]: [ServiceName.ApiGateway, ServiceName.BotService, ServiceName.TicketService],
  [TicketRpc.AddNote]: [ServiceName.ApiGateway],
  [TicketRpc.ReplyCanned]: [ServiceName.ApiGateway],
  [TicketRpc.SetTags]: [ServiceName.ApiGateway],
  [TicketRpc.SetPriority]: [ServiceName.ApiGateway],
  [TicketRpc.GetHistory]: [ServiceName.ApiGateway],
  [TicketRpc.GetClient]: [ServiceName.ApiGateway],
  [TicketRpc.ListCannedReplies]: [ServiceName.ApiGateway],
  [TicketRpc.CreateCannedReply]: [ServiceName.ApiGateway],
  [TicketRpc.UpdateCannedReply]: [ServiceName.ApiGateway],
  [TicketRpc.DeleteCannedReply]: [ServiceName.ApiGateway],
  // attachments (issue 15): the gateway stores employees' files and reads files for them; the bot stores clients'
  // files and reads employees' files to upload them to Telegram
  [TicketRpc.PutFileChunk]: [ServiceName.ApiGateway, ServiceName.BotService],
  [TicketRpc.SettleInboundAttachment]: [ServiceName.BotService],
  [TicketRpc.ReadAttachmentChunk]: [ServiceName.ApiGateway],
  [TicketRpc.ReadFileChunk]: [ServiceName.BotService],
  [TicketRpc.ReplyWithFile]: [ServiceName.ApiGateway],
  // satisfaction (issue 19): a client's rating comes through the bot; reports are read by employees
  [TicketRpc.RateTicket]: [ServiceName.BotService],
  [TicketRpc.ReportSummary]: [ServiceName.ApiGateway],
};
