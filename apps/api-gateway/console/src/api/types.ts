import type { components, paths } from './schema';

/** The REST API's shapes, as the gateway's OpenAPI document defines them (schema.d.ts is generated at build). */
export type Ticket = components['schemas']['TicketResponse'];
export type Message = components['schemas']['MessageResponse'];
export type Employee = components['schemas']['EmployeeResponse'];
/** What an agent sees of a colleague in `GET /employees` (admins see `Employee`). */
export type Colleague = components['schemas']['ColleagueResponse'];
export type TicketStatus = Ticket['status'];
export type EmployeeRole = Employee['role'];
export type ReportSummary = components['schemas']['ReportSummaryResponse'];
export type ReportRow = components['schemas']['ReportRowResponse'];
export type ReportGrouping = NonNullable<
  NonNullable<paths['/reports/summary']['get']['parameters']['query']>['groupBy']
>;
export type TicketListQuery = NonNullable<paths['/tickets']['get']['parameters']['query']>;
export type DeliveryUpdate = Pick<Message, 'ticketId' | 'deliveryStatus' | 'deliveryError'> & { messageId: number };
export type { paths };
