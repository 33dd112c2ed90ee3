/**
 * Media: an employee downloading a client's file through the gateway (GET …/attachment, streamed from
 * ticket-service's file store over RabbitMQ RPC, up to four chunks per read), at 1 and 8 downloads at once, for
 * 1 MB and 10 MB files; against reading the same chunks straight from Postgres in the same run. Gateway and
 * bot-service RSS during it show that no download holds its whole file. To compare two builds (the RPC reply's
 * format is both services' code), run this in each checkout in turn: each run has its own Postgres baseline.
 */
import { Client } from 'pg';
import { TelegramEmulator } from '@app/telegram-emulator';
import { eventually } from '@app/testing';
import { ADMIN, BenchStack, runIfMain } from './lib/bench-stack';
import { QUICK, TargetCheck, log, ms, printTable, printTargets, summarize, writeResult } from './lib/report';
import { RESOURCE_HEADER, ResourceMonitor, resourceRows } from './lib/resources';

const MB = 1024 * 1024;
const FILES = [1 * MB, 10 * MB];
const CONCURRENCY = [1, 8];
/** downloads per (size, concurrency) */
const ROUNDS = QUICK ? { [1 * MB]: 16, [10 * MB]: 8 } : { [1 * MB]: 200, [10 * MB]: 40 };

interface Measured {
  mbPerSecond: number;
  p99: number;
}

async function measure(
  concurrency: number,
  total: number,
  size: number,
  once: () => Promise<number>,
): Promise<Measured> {
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next += 1;
        const begin = process.hrtime.bigint();
        const bytes = await once();
        if (bytes !== size) throw new Error(`got ${bytes} of ${size} bytes`);
        latencies.push(Number(process.hrtime.bigint() - begin) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { mbPerSecond: (total * size) / MB / seconds, p99: summarize(latencies).p99 };
}

export async function runMedia(): Promise<Record<string, unknown>> {
  log(`\n=== Media downloads through the gateway ${QUICK ? '[quick]' : ''}`);
  const telegram = await TelegramEmulator.start();
  const stack = await BenchStack.start({
    scenario: 'media',
    services: ['ticket-service', 'api-gateway', 'bot-service'],
    telegram,
  });
  const db = new Client({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    const login = await fetch(`${stack.gatewayUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    }).then((response) => response.json() as Promise<{ accessToken: string }>);
    const auth = { authorization: `Bearer ${login.accessToken}` };

    const client = { id: 7_900_000_001, first_name: 'Bench', language_code: 'en' };
    for (const size of FILES) {
      telegram.clientSends(client, {
        document: { file_name: `${size / MB}mb.bin`, bytes: Buffer.alloc(size, size / MB) },
      });
    }
    const files = await eventually(
      async () => {
        const tickets = (await fetch(`${stack.gatewayUrl}/tickets`, { headers: auth }).then((r) => r.json())) as {
          items: { id: number }[];
        };
        const ticketId = tickets.items[0]?.id;
        if (!ticketId) return undefined;
        const page = (await fetch(`${stack.gatewayUrl}/tickets/${ticketId}/messages`, { headers: auth }).then((r) =>
          r.json(),
        )) as {
          items: { id: number; attachment: { size: number; state: string } | null }[];
        };
        const ready = page.items.filter((m) => m.attachment?.state === 'ready');
        return (
          ready.length === FILES.length && ready.map((m) => ({ ticketId, messageId: m.id, size: m.attachment!.size }))
        );
      },
      { timeoutMs: 120_000, message: 'the files downloaded from the emulator' },
    );

    const rows: (string | number)[][] = [];
    const resources: (string | number)[][] = [];
    const targets: TargetCheck[] = [];
    const results: Record<string, unknown>[] = [];
    for (const file of files) {
      const [{ file_id: fileId }] = (
        await db.query(`SELECT attachment_file_id AS file_id FROM ticket.messages WHERE id = $1`, [file.messageId])
      ).rows as { file_id: string }[];
      const viaGateway = (gatewayUrl: string) => async () => {
        const response = await fetch(`${gatewayUrl}/tickets/${file.ticketId}/messages/${file.messageId}/attachment`, {
          headers: auth,
        });
        if (response.status !== 200)
          throw new Error(`${gatewayUrl} answered ${response.status}: ${await response.text()}`);
        let bytes = 0;
        for await (const piece of response.body!) bytes += piece.length;
        return bytes;
      };
      // Straight from Postgres, a chunk per query as ticket-service reads them, on a connection per download.
      const direct = async () => {
        const connection = new Client({ connectionString: stack.databaseUrl });
        await connection.connect();
        try {
          let bytes = 0;
          const { rows: count } = await connection.query(`SELECT chunk_count FROM ticket.files WHERE id = $1`, [
            fileId,
          ]);
          for (let index = 0; index < count[0].chunk_count; index += 1) {
            const { rows: chunk } = await connection.query(
              `SELECT data FROM ticket.file_chunks WHERE file_id = $1 AND index = $2`,
              [fileId, index],
            );
            bytes += (chunk[0].data as Buffer).length;
          }
          return bytes;
        } finally {
          await connection.end();
        }
      };
      for (const concurrency of CONCURRENCY) {
        const total = ROUNDS[file.size];
        const baseline = await measure(concurrency, total, file.size, direct);
        const monitor = new ResourceMonitor(stack.processes);
        const gateway = await measure(concurrency, total, file.size, viaGateway(stack.gatewayUrl));
        const phase = monitor.stop();
        stack.assertAlive();
        const label = `${file.size / MB} MB × ${concurrency}`;
        const share = gateway.mbPerSecond / baseline.mbPerSecond;
        rows.push([
          label,
          total,
          baseline.mbPerSecond.toFixed(1),
          ms(baseline.p99),
          gateway.mbPerSecond.toFixed(1),
          ms(gateway.p99),
          `${(share * 100).toFixed(0)}%`,
        ]);
        resources.push(...resourceRows(label, phase));
        targets.push({
          target: `${label}: gateway ≥ 50% of Postgres`,
          measured: `${(share * 100).toFixed(0)}%`,
          met: share >= 0.5,
        });
        results.push({
          size: file.size,
          concurrency,
          downloads: total,
          gateway,
          postgres: baseline,
          share,
          resources: phase,
        });
      }
    }
    printTable(
      'Downloads',
      ['file × at once', 'downloads', 'Postgres MB/s', 'p99 ms', 'gateway MB/s', 'p99 ms', 'share'],
      rows,
    );
    printTable('Resources during the gateway downloads', RESOURCE_HEADER, resources);
    printTargets(targets);
    const result = { results, idleBusyPercent: stack.idleBusyPercent, targets };
    writeResult('media', result);
    return result;
  } finally {
    await db.end();
    await stack.stop();
    await telegram.stop();
  }
}

runIfMain(module, runMedia);
