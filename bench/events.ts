/**
 * Live events at scale: N open `GET /events` streams through one gateway while clients write at a steady
 * rate through the Bot API emulator; latency from a client's message entering the emulator to its
 * `message.created` arriving on every stream, the gateway's RSS per idle stream, the console's bundle size
 * gzipped, and the time to first render of the inbox over a seeded ticket table.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Client } from 'pg';
import { TelegramEmulator } from '@app/telegram-emulator';
import { eventually } from '@app/testing';
import { launchChromium } from '../test/browser/chromium';
import { ADMIN, BenchStack, runIfMain } from './lib/bench-stack';
import { seedEmployees, seedTickets } from './lib/list-seed';
import { HttpClient } from './lib/load';
import { QUICK, TargetCheck, int, log, ms, printTable, printTargets, summarize, writeResult } from './lib/report';
import { rssMiB } from './lib/resources';

const SIZES = QUICK
  ? { streams: 100, tickets: 50_000, clients: 5_000, employees: 20, messagesPerSecond: 50, seconds: 4 }
  : { streams: 500, tickets: 1_000_000, clients: 100_000, employees: 50, messagesPerSecond: 50, seconds: 20 };
// BENCH_STREAMS=1 separates what the fan-out costs from what the path to the gateway costs.
if (process.env.BENCH_STREAMS) SIZES.streams = Number(process.env.BENCH_STREAMS);

/** Per message text, how long after ticket-service stored it (its createdAt) each stream got it. */
const storedToStream = new Map<string, number[]>();

/**
 * One stream's reader: the arrival time of each message.created, by the message's text. node:http rather
 * than fetch: 500 web-stream pipelines would cost the bench more CPU than the gateway spends, and the
 * latency measured would be the bench's own.
 */
function openStream(url: string, token: string, arrivals: Map<string, number[]>, abort: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = get(
      `${url}/events`,
      { headers: { authorization: `Bearer ${token}` }, signal: abort, agent: false },
      (response) => {
        if (response.statusCode !== 200) return reject(new Error(`GET /events answered ${response.statusCode}`));
        response.setEncoding('utf8');
        let buffer = '';
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (!block.includes('event: message.created')) continue;
            const message = JSON.parse(block.slice(block.indexOf('data: ') + 6)) as {
              text: string | null;
              createdAt: string;
            };
            if (!message.text) continue;
            (arrivals.get(message.text) ?? arrivals.set(message.text, []).get(message.text)!).push(performance.now());
            (storedToStream.get(message.text) ?? storedToStream.set(message.text, []).get(message.text)!).push(
              Date.now() - Date.parse(message.createdAt),
            );
          }
        });
        response.on('error', () => undefined); // aborted at the end
        resolve();
      },
    );
    request.on('error', (error) => (abort.aborted ? resolve() : reject(error)));
  });
}

export async function runEvents(): Promise<Record<string, unknown>> {
  log(
    `\n=== Live events: ${SIZES.streams} streams, ${SIZES.messagesPerSecond} client messages/s ${QUICK ? '[quick]' : ''}`,
  );
  const telegram = await TelegramEmulator.start();
  let seeded = 0;
  const stack = await BenchStack.start({
    scenario: 'events',
    services: ['ticket-service', 'api-gateway', 'bot-service'],
    telegram,
    beforeStart: async (environment) => {
      const db = new Client({ connectionString: environment.databaseUrl });
      await db.connect();
      try {
        await seedEmployees(db, SIZES.employees);
        seeded = (await seedTickets(db, SIZES)).seconds;
      } finally {
        await db.end();
      }
    },
  });
  const abort = new AbortController();
  try {
    log(`  seeded ${int(SIZES.tickets)} tickets in ${seeded.toFixed(1)} s`);
    const http = new HttpClient(stack.gatewayUrl, 8);
    const token = await http.login(ADMIN.email, ADMIN.password);
    const gateway = stack.processes.find((service) => service.spec.name === 'api-gateway')!;

    // RSS per idle stream: the gateway before and after opening the streams.
    global.gc?.();
    const rssBefore = rssMiB(gateway.pid!);
    const arrivals = new Map<string, number[]>();
    for (let i = 0; i < SIZES.streams; i += 1) await openStream(stack.gatewayUrl, token, arrivals, abort.signal);
    const rssAfter = rssMiB(gateway.pid!);
    const kbPerStream = ((rssAfter - rssBefore) * 1024) / SIZES.streams;

    // Clients write at a steady rate; each message's text is its key.
    const sentAt = new Map<string, number>();
    const total = SIZES.messagesPerSecond * SIZES.seconds;
    const started = performance.now();
    for (let i = 0; i < total; i += 1) {
      const due = started + (i * 1000) / SIZES.messagesPerSecond;
      // Timers, not a busy loop: on two cores a spinning bench would take the services' CPU.
      if (due > performance.now()) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
      const text = `bench event ${i}`;
      sentAt.set(text, performance.now());
      telegram.clientSends(
        { id: 900_000_000 + (i % 200), first_name: `Bench ${i % 200}`, language_code: 'en' },
        { text },
      );
    }
    await eventually(() => [...sentAt.keys()].every((text) => (arrivals.get(text)?.length ?? 0) >= SIZES.streams), {
      timeoutMs: 60_000,
      message: 'every message on every stream',
    });
    const latencies = [...sentAt].flatMap(([text, sent]) => arrivals.get(text)!.map((arrived) => arrived - sent));
    const latency = summarize(latencies);
    const fromStored = summarize([...storedToStream.values()].flat());
    stack.assertAlive();
    abort.abort();

    // The console's bundle, as served.
    const dir = join(__dirname, '..', 'dist', 'console');
    const bundleKb =
      readdirSync(dir).reduce((sum, name) => sum + gzipSync(readFileSync(join(dir, name))).length, 0) / 1024;

    // Time to first render: a logged-in agent opens the console; the clock stops at the first ticket row.
    const browser = await launchChromium();
    let firstRenderMs: number;
    try {
      const page = await (
        await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } })
      ).newPage();
      await page.goto(`${stack.gatewayUrl}/console/`);
      await page.getByLabel('Email').fill(ADMIN.email);
      await page.getByLabel('Password').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('list', { name: 'Ticket list' }).getByRole('link').first().waitFor({ timeout: 30_000 });
      const begin = performance.now();
      await page.reload();
      await page.getByRole('list', { name: 'Ticket list' }).getByRole('link').first().waitFor({ timeout: 30_000 });
      firstRenderMs = performance.now() - begin;
    } finally {
      await browser.close();
    }

    printTable(
      'Live events',
      ['measure', 'value'],
      [
        ['streams', SIZES.streams],
        ['client messages', `${total} at ${SIZES.messagesPerSecond}/s`],
        ['deliveries measured', int(latencies.length)],
        ['latency p50 (ms)', ms(latency.p50)],
        ['latency p99 (ms)', ms(latency.p99)],
        ['latency max (ms)', ms(latency.max)],
        ['of which stored → stream p50 / p99 (ms)', `${ms(fromStored.p50)} / ${ms(fromStored.p99)}`],
        ['gateway RSS idle → with streams (MiB)', `${rssBefore.toFixed(1)} → ${rssAfter.toFixed(1)}`],
        ['RSS per idle stream (KB)', kbPerStream.toFixed(1)],
        ['console bundle, gzipped (KB)', bundleKb.toFixed(1)],
        [`inbox first render over ${int(SIZES.tickets)} tickets (ms)`, ms(firstRenderMs)],
      ],
    );
    const targets: TargetCheck[] = [
      { target: 'p99 latency < 100 ms', measured: `${ms(latency.p99)} ms`, met: latency.p99 < 100 },
      { target: 'RSS per idle stream < 100 KB', measured: `${kbPerStream.toFixed(1)} KB`, met: kbPerStream < 100 },
      { target: 'console bundle < 100 KB gzipped', measured: `${bundleKb.toFixed(1)} KB`, met: bundleKb < 100 },
    ];
    printTargets(targets);
    const result = { sizes: SIZES, latency, fromStored, rssBefore, rssAfter, kbPerStream, bundleKb, firstRenderMs };
    writeResult('events', result);
    return result;
  } finally {
    abort.abort();
    await stack.stop();
    await telegram.stop();
  }
}

runIfMain(module, runEvents);
