import { OutboxAndInbox1732600000000 } from './1732600000000-outbox-and-inbox';
import { ClientsTicketsMessages1732700000000 } from './1732700000000-clients-tickets-messages';
import { ReplyIdempotencyKeys1735200000100 } from './1735200000100-reply-idempotency-keys';
import { ProcessedEventsAgeIndex1735200000101 } from './1735200000101-processed-events-age-index';
// media (issue 15)
import { Attachments1735400000000 } from './1735400000000-attachments';
import { AgentWork1735500000000 } from './1735500000000-agent-work';
import { OutboxTraceContext1735600000000 } from './1735600000000-outbox-trace-context';
import { TicketStatusCounts1735600000001 } from './1735600000001-ticket-status-counts';
import { SatisfactionAndSla1735800000000 } from './1735800000000-satisfaction-and-sla';

/** In order; a migration once released is never edited, only followed by a new one. */
export const TICKET_MIGRATIONS = [
  OutboxAndInbox1732600000000,
  ClientsTicketsMessages1732700000000,
  ReplyIdempotencyKeys1735200000100,
  ProcessedEventsAgeIndex1735200000101,
  // media (issue 15)
  Attachments1735400000000,
  AgentWork1735500000000,
  OutboxTraceContext1735600000000,
  TicketStatusCounts1735600000001,
  // satisfaction and reports
  SatisfactionAndSla1735800000000,
];
