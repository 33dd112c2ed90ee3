/**
 * Outbound: 5,000 employee replies to 500 chats, through `POST /tickets/{id}/messages`, delivered by
 * bot-service to a Bot API emulator that enforces Telegram's limits (1 message a second per chat, 30 a
 * second overall; beyond them it answers 429 with retry_after). Measures the time to deliver all, the
 * rate against the limit, 429s, lost, duplicated and out-of-order messages.
 */
import { Client } from 'pg';
import { TelegramEmulator } from '@app/telegram-emulator';
import { eventually } from '@app/testing';
import { ADMIN, BenchStack, runIfMain } from './lib/bench-stack';
import { HttpClient } from './lib/load';
import { QUICK, TargetCheck, int, log, printTable, printTargets, writeResult } from './lib/report';
import { RESOURCE_HEADER, ResourceMonitor, resourceRows } from './lib/resources';

const SIZES = QUICK ? { chats: 50, perChat: 6 } : { chats: 500, perChat: 10 };
const LIMITS = { perChatPerSecond: 1, globalPerSecond: 30 };
const POSTERS = 16;
const REPLY = /^bench reply (\d+) of \d+ on #(\d+)$/;

export async function runOutbound(): Promise<Record<string, unknown>> {
  const total = SIZES.chats * SIZES.perChat;
  log(
    `\n=== Outbound: ${int(total)} replies to ${SIZES.chats} chats, limits ${JSON.stringify(LIMITS)} ${QUICK ? '[quick]' : ''}`,
  );
  const telegram = await TelegramEmulator.start();
  telegram.setRateLimits(LIMITS);
  const stack = await BenchStack.start({
    scenario: 'outbound',
    services: ['ticket-service', 'api-gateway', 'bot-service'],
    telegram,
    env: {
      TELEGRAM_RATE_PER_CHAT: String(LIMITS.perChatPerSecond),
      TELEGRAM_RATE_GLOBAL: String(LIMITS.globalPerSecond),
    },
  });
  const http = new HttpClient(stack.gatewayUrl, POSTERS);
  const db = new Client({ connectionString: stack.databaseUrl });
  try {
    await db.connect();
    const token = await http.login(ADMIN.email, ADMIN.password);

    // Setup: each client writes once, which opens a ticket and sends the client its number.
    const clients = Array.from({ length: SIZES.chats }, (_, i) => ({
      id: 810_000_000 + i,
      first_name: `Client ${i}`,
      language_code: 'en',
    }));
    for (const client of clients) telegram.clientSends(client, { text: 'My order never arrived' });
    const tickets = await eventually(
      async () => {
        const { rows } = await db.query<{ id: number; chat_id: string }>(
          'SELECT t.id, c.chat_id FROM ticket.tickets t JOIN ticket.clients c ON c.id = t.client_id',
        );
        return rows.length === clients.length && rows;
      },
      { timeoutMs: 120_000, intervalMs: 250, message: 'every client has a ticket' },
    );
    await eventually(() => telegram.botMessages().length >= clients.length, {
      timeoutMs: 120_000,
      intervalMs: 250,
      message: 'every client told its ticket number',
    });
    log(`  setup: ${tickets.length} tickets, their ${clients.length} notifications delivered; now the replies`);
    const setupStats = telegram.stats();
    const sinceSeq = telegram.botMessages().at(-1)?.seq ?? 0;

    // The replies: 16 employees at once, each replying to its own tickets in turn, so each chat's order is defined.
    const monitor = new ResourceMonitor(stack.processes);
    const started = Date.now();
    const posted = new Map<number, number[]>();
    await Promise.all(
      Array.from({ length: POSTERS }, async (_, poster) => {
        const mine = tickets.filter((_, i) => i % POSTERS === poster);
        for (let k = 1; k <= SIZES.perChat; k += 1) {
          for (const ticket of mine) {
            const text = `bench reply ${k} of ${SIZES.perChat} on #${ticket.id}`;
            await http.expect(201, 'POST', `/tickets/${ticket.id}/messages`, { token, body: { text } });
            const chatId = Number(ticket.chat_id);
            posted.set(chatId, [...(posted.get(chatId) ?? []), k]);
          }
        }
      }),
    );
    const postedSeconds = (Date.now() - started) / 1000;
    const expectedSeconds = total / LIMITS.globalPerSecond;
    const replies = () => telegram.botMessages(undefined, sinceSeq).filter((message) => REPLY.test(message.text));
    await eventually(() => replies().length >= total, {
      timeoutMs: expectedSeconds * 2000 + 60_000,
      intervalMs: 500,
      message: 'every reply delivered',
    }).catch((error: unknown) => log(`  !! ${(error as Error).message}`));
    const resources = monitor.stop();
    stack.assertAlive();

    const delivered = replies();
    const stats = telegram.stats();
    const seen = new Map<string, number>();
    for (const message of delivered) seen.set(message.text, (seen.get(message.text) ?? 0) + 1);
    const duplicated = [...seen.values()].filter((count) => count > 1).reduce((sum, count) => sum + count - 1, 0);
    const lost = total - seen.size;
    let outOfOrder = 0;
    for (const [chatId, expected] of posted) {
      const got = delivered
        .filter((message) => message.chatId === chatId)
        .map((message) => Number(REPLY.exec(message.text)![1]));
      if (got.join(',') !== expected.slice(0, got.length).join(',')) outOfOrder += 1;
    }
    const first = delivered[0]?.sentAt ?? NaN;
    const last = delivered.at(-1)?.sentAt ?? NaN;
    const deliverSeconds = (last - started) / 1000;
    const rate = (delivered.length - 1) / ((last - first) / 1000);
    const peakWindow = busiestSecond(delivered.map((message) => message.sentAt));
    const [{ reported }] = (
      await db.query(
        `SELECT count(*)::int AS reported FROM ticket.messages WHERE direction = 'outbound' AND delivery_status = 'delivered'`,
      )
    ).rows;
    const tooMany = stats.tooManyRequests - setupStats.tooManyRequests;

    printTable(
      'Outbound delivery',
      ['measure', 'value'],
      [
        ['replies posted (HTTP 201)', int(total)],
        ['time to post them all', `${postedSeconds.toFixed(1)} s`],
        ['time from first post to last delivery', `${deliverSeconds.toFixed(1)} s`],
        ['ideal at the global limit', `${expectedSeconds.toFixed(1)} s`],
        ['delivery rate (first to last send)', `${rate.toFixed(2)} msg/s`],
        ['configured global limit', `${LIMITS.globalPerSecond} msg/s`],
        ['rate as share of the limit', `${((rate / LIMITS.globalPerSecond) * 100).toFixed(1)}%`],
        ['most sends in any 1 s window', peakWindow],
        ['sendMessage attempts', int(stats.sendAttempts - setupStats.sendAttempts)],
        ['429 Too Many Requests answered', int(tooMany)],
        ['lost', int(lost)],
        ['duplicated', int(duplicated)],
        ['chats with replies out of order', int(outOfOrder)],
        ['delivery reported back to ticket-service', int(reported)],
      ],
    );
    printTable('Resources while delivering', RESOURCE_HEADER, resourceRows('outbound', resources));

    const share = rate / LIMITS.globalPerSecond;
    const targets: TargetCheck[] = [
      {
        target: 'rate within 5% of the limit',
        measured: `${(share * 100).toFixed(1)}% of ${LIMITS.globalPerSecond}/s`,
        met: share >= 0.95 && share <= 1.0,
      },
      { target: 'zero 429s', measured: int(tooMany), met: tooMany === 0 },
      { target: 'zero lost', measured: int(lost), met: lost === 0 },
      { target: 'zero duplicated', measured: int(duplicated), met: duplicated === 0 },
      { target: 'order kept per chat', measured: `${outOfOrder} chats out of order`, met: outOfOrder === 0 },
    ];
    printTargets(targets);
    const result = {
      sizes: SIZES,
      limits: LIMITS,
      postedSeconds,
      deliverSeconds,
      idealSeconds: expectedSeconds,
      messagesPerSecond: rate,
      shareOfLimit: share,
      busiestSecond: peakWindow,
      sendAttempts: stats.sendAttempts - setupStats.sendAttempts,
      tooManyRequests: tooMany,
      lost,
      duplicated,
      outOfOrderChats: outOfOrder,
      deliveryReported: reported,
      resources,
      idleBusyPercent: stack.idleBusyPercent,
      targets,
    };
    writeResult('outbound', result);
    return result;
  } finally {
    await http.close();
    await db.end().catch(() => undefined);
    await stack.stop();
    await telegram.stop();
  }
}

/** The most sends that fell within any one-second window (Telegram's limit is counted this way). */
function busiestSecond(times: number[]): number {
  let most = 0;
  for (let start = 0, end = 0; end < times.length; end += 1) {
    while (times[end] - times[start] >= 1000) start += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

runIfMain(module, runOutbound);
