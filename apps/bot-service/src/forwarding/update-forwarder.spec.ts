import type { Update } from 'telegraf/types';
import type { DataSource } from 'typeorm';
import { eventually } from '@app/testing';
import type { TicketServiceClient } from '@app/messaging';
import { telegramFrom } from '@app/telegram-emulator';
import type { BotServiceConfig } from '../config';
import type { FileDownloads } from '../files/file-downloads';
import type { SetAsideUpdates } from '../set-aside/set-aside-updates';
import type { SurveyReplies } from './survey-replies';
import { UpdateForwarder } from './update-forwarder';

/**
 * When a forwarder must look again for updates the wakes could not bring it. The database is scripted here,
 * not real, because what is tested is an interleaving: an update stored while a claim is on its way to
 * Postgres, or while its batch is with ticket-service. With Postgres, that window is a millisecond wide and
 * cannot be hit on purpose; the integration specs (telegram-webhook, telegram-in-batches) cover the rest.
 */
describe('UpdateForwarder: updates stored while a chat is being forwarded', () => {
  const CHAT = 42;

  /** One claim statement seen by the scripted database; the test decides when, and with what, it answers. */
  interface PendingClaim {
    answer: (updateIds: number[]) => void;
  }

  function scriptedDesk() {
    const claims: PendingClaim[] = [];
    const rpcs: { release: () => void }[] = [];
    const row = (updateId: number, head: boolean) => ({
      update_id: String(updateId),
      chat_id: String(CHAT),
      route: 'record',
      attempts: 0,
      trace_context: null,
      head,
      payload: {
        update_id: updateId,
        message: {
          message_id: updateId,
          date: 1_700_000_000,
          chat: { id: CHAT, type: 'private' },
          from: telegramFrom({ id: CHAT, first_name: 'Ivan' }),
          text: `message ${updateId}`,
        },
      } as unknown as Update,
    });
    const client = {
      query: (config: { text: string }) => {
        if (!config.text.includes('WITH RECURSIVE heads')) return Promise.resolve({ rows: [], rowCount: 0 });
        return new Promise((resolve) =>
          claims.push({
            answer: (updateIds) =>
              resolve({ rows: updateIds.map((id, i) => row(id, i === 0)), rowCount: updateIds.length }),
          }),
        );
      },
    };
    const manager = { queryRunner: { isReleased: false, connect: () => Promise.resolve(client) } };
    const dataSource = {
      transaction: (work: (transaction: unknown) => Promise<unknown>) => work(manager),
    } as unknown as DataSource;
    const ticketService = {
      call: (_pattern: string, request: { items: unknown[] }) =>
        new Promise((resolve) =>
          rpcs.push({
            release: () =>
              resolve({ results: request.items.map(() => ({ route: 'record', ticketId: 1, messageId: 1 })) }),
          }),
        ),
    } as unknown as TicketServiceClient;
    const config = { BOT_FORWARD_CONCURRENCY: 2, BOT_FORWARD_IDLE_POLL_MS: 600_000 } as BotServiceConfig;
    const downloads = { queue: () => Promise.resolve(false), wake: () => undefined } as unknown as FileDownloads;
    const surveys = {
      queue: () => Promise.resolve(false),
      wakeSender: () => undefined,
      answerTaps: () => Promise.resolve(),
    } as unknown as SurveyReplies;
    const forwarder = new UpdateForwarder(dataSource, ticketService, {} as SetAsideUpdates, config, downloads, surveys);
    const claim = (n: number) => eventually(() => claims[n - 1], { timeoutMs: 2000, message: `claim ${n}` });
    const rpc = (n: number) => eventually(() => rpcs[n - 1], { timeoutMs: 2000, message: `RPC ${n}` });
    return { forwarder, claims, claim, rpc };
  }

  let desk: ReturnType<typeof scriptedDesk>;
  beforeEach(async () => {
    desk = scriptedDesk();
    desk.forwarder.onApplicationBootstrap();
    // both loops look once at start and find nothing; then only a wake (or the ten-minute poll) brings a claim
    (await desk.claim(1)).answer([]);
    (await desk.claim(2)).answer([]);
  });
  afterEach(() => desk.forwarder.beforeApplicationShutdown());

  it('looks again for an update stored while its claim was on its way to Postgres', async () => {
    desk.forwarder.notifyStored([CHAT]);
    const claim = await desk.claim(3);
    // Stored after that claim's snapshot: its wake sends the other loop, whose claim finds the chat locked.
    desk.forwarder.notifyStored([CHAT]);
    (await desk.claim(4)).answer([]);
    claim.answer([1]);
    (await desk.rpc(1)).release();
    // only the loop that held the chat can know the update is there
    (await desk.claim(5)).answer([2]);
    (await desk.rpc(2)).release();
  });

  it('looks again for an update stored while its chat was with ticket-service', async () => {
    desk.forwarder.notifyStored([CHAT]);
    (await desk.claim(3)).answer([1]);
    const rpc = await desk.rpc(1);
    // the chat is held: no loop is woken for it, and the one holding it looks again after its commit
    desk.forwarder.notifyStored([CHAT]);
    rpc.release();
    (await desk.claim(4)).answer([2]);
    (await desk.rpc(2)).release();
  });
});
