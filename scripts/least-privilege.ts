/**
 * `npm run least-privilege -- <database> [vhost]`: prints what an operator runs once to give each service a
 * Postgres role owning only its schema and a RabbitMQ user with only its own queues (the same SQL and
 * permissions test/least-privilege.spec.ts runs the whole desk with). Passwords are fresh; put each service's
 * into its Secret's DATABASE_URL and RABBITMQ_URL, and set RABBITMQ_DECLARE=own and ticket-service's
 * RABBITMQ_GATEWAY_USER / RABBITMQ_BOT_USER.
 */
import { randomBytes } from 'node:crypto';
import { ServiceName } from '../libs/contracts/src';
import { lockedDatabaseSql, serviceRoleSql } from '../libs/database/src/service-roles';
import { brokerPermissions } from '../libs/messaging/src/broker-permissions';

const [database = 'servicedesk', vhost = '/'] = process.argv.slice(2);
const ACCOUNTS: Record<ServiceName, { user: string; schema: string }> = {
  [ServiceName.ApiGateway]: { user: 'desk_gateway', schema: 'auth' },
  [ServiceName.TicketService]: { user: 'desk_ticket', schema: 'ticket' },
  [ServiceName.BotService]: { user: 'desk_bot', schema: 'bot' },
};
const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
const out = (line: string) => process.stdout.write(`${line}\n`);

out(`-- Postgres, as a superuser, in database ${database}:`);
for (const statement of lockedDatabaseSql(database)) out(`${statement};`);
const passwords = new Map<ServiceName, string>();
for (const [service, { user, schema }] of Object.entries(ACCOUNTS) as [
  ServiceName,
  { user: string; schema: string },
][]) {
  passwords.set(service, randomBytes(24).toString('hex'));
  for (const statement of serviceRoleSql(user, passwords.get(service)!, schema, database)) out(`${statement};`);
}
out('');
out(`# RabbitMQ, on a broker node (vhost ${vhost}):`);
for (const [service, { user }] of Object.entries(ACCOUNTS) as [ServiceName, { user: string }][]) {
  const { configure, write, read } = brokerPermissions(service);
  out(`rabbitmqctl add_user ${user} ${passwords.get(service)}`);
  out(
    `rabbitmqctl set_permissions -p ${shellQuote(vhost)} ${user} ${shellQuote(configure)} ${shellQuote(write)} ${shellQuote(read)}`,
  );
}
