import { Client } from 'pg';
import { LatencySummary, summarize } from './report';

const INSERT_CONNECTIONS = 4;

/**
 * Postgres's own single-row insert rate on this machine, the yardstick for ingest: a few connections
 * each INSERT one row at a time, each its own (committed, fsynced) transaction, into a scratch table
 * shaped like a stored update.
 */
export async function insertRate(
  databaseUrl: string,
  durationMs: number,
): Promise<{ connections: number; count: number; perSecond: number; latency: LatencySummary }> {
  const admin = new Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE TABLE public.bench_inserts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, chat_id bigint NOT NULL, payload jsonb NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now())`);
  const connections = await Promise.all(
    Array.from({ length: INSERT_CONNECTIONS }, async () => {
      const client = new Client({ connectionString: databaseUrl });
      await client.connect();
      return client;
    }),
  );
  const latencies: number[] = [];
  const payload = JSON.stringify({
    update_id: 1,
    message: { message_id: 1, chat: { id: 1 }, text: 'a client message of ordinary length' },
  });
  const started = process.hrtime.bigint();
  const deadline = Date.now() + durationMs;
  try {
    await Promise.all(
      connections.map(async (client, i) => {
        while (Date.now() < deadline) {
          const begin = process.hrtime.bigint();
          await client.query('INSERT INTO public.bench_inserts (chat_id, payload) VALUES ($1, $2)', [i, payload]);
          latencies.push(Number(process.hrtime.bigint() - begin) / 1e6);
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return {
      connections: INSERT_CONNECTIONS,
      count: latencies.length,
      perSecond: latencies.length / seconds,
      latency: summarize(latencies),
    };
  } finally {
    await Promise.all(connections.map((client) => client.end()));
    await admin.query('DROP TABLE public.bench_inserts');
    await admin.end();
  }
}

/** Polls `count` until it reaches `target`; resolves with the time (epoch ms) it did. */
export async function waitForCount(
  count: () => Promise<number>,
  target: number,
  timeoutMs: number,
  what: string,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await count();
    if (value >= target) return Date.now();
    if (Date.now() > deadline) throw new Error(`${what}: ${value} of ${target} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface LatencyBreakdown {
  /** update entering the emulator → stored by the bot (and so acknowledged to Telegram) */
  toBot: LatencySummary;
  /** stored by the bot → recorded by ticket-service (the forwarder's queue and the RecordInbound RPC) */
  toTicketService: LatencySummary;
  /** recorded → first GET /tickets response showing it (includes up to one poll) */
  toList: LatencySummary;
}

/**
 * Where the time from update to visible goes, per message: the bot's `received_at`, ticket-service's
 * message `created_at` (its transaction's start), and when the list first showed it. Same machine, same clock.
 */
export async function latencyBreakdown(
  db: Client,
  timeline: Map<string, { sentAt: number; seenAt?: number }>,
): Promise<LatencyBreakdown> {
  const { rows } = await db.query<{ text: string; received: number; recorded: number }>(
    `SELECT m.text, extract(epoch FROM u.received_at) * 1000 AS received, extract(epoch FROM m.created_at) * 1000 AS recorded
     FROM ticket.messages m
     JOIN bot.inbound_updates u ON u.chat_id = m.telegram_chat_id AND (u.payload -> 'message' ->> 'message_id')::bigint = m.telegram_message_id
     WHERE m.text LIKE 'lat %'`,
  );
  const toBot: number[] = [];
  const toTicketService: number[] = [];
  const toList: number[] = [];
  for (const row of rows) {
    const times = timeline.get(row.text.slice('lat '.length));
    if (!times) continue;
    toBot.push(Number(row.received) - times.sentAt);
    toTicketService.push(Number(row.recorded) - Number(row.received));
    if (times.seenAt !== undefined) toList.push(times.seenAt - Number(row.recorded));
  }
  return { toBot: summarize(toBot), toTicketService: summarize(toTicketService), toList: summarize(toList) };
}
