import { randomBytes, randomUUID } from 'node:crypto';
import { ATTACHMENT_READ_MAX_CHUNKS, ErrorCode, Events, FILE_CHUNK_BYTES, TicketRpc } from '@app/contracts';
import { DataSource } from 'typeorm';
import { FileRetention } from '../src/files/file-retention';
import { TicketServiceHarness, clientMessage, rejectionOf, telegramUser } from './ticket-service.harness';

describe('ticket-service: attachments, edits and replies', () => {
  let service: TicketServiceHarness;
  let nextUser = 700;
  const AGENT = 21;

  beforeAll(async () => {
    service = await TicketServiceHarness.startFresh();
  });
  afterAll(() => service?.close());

  /** Stores bytes in the file store as an uploader does, a chunk per call; returns the stored file. */
  async function store(bytes: Buffer, { skip }: { skip?: number } = {}) {
    const fileId = randomUUID();
    const chunkCount = Math.ceil(bytes.length / FILE_CHUNK_BYTES);
    for (let index = 0; index < chunkCount; index += 1) {
      if (index === skip) continue;
      const data = bytes.subarray(index * FILE_CHUNK_BYTES, (index + 1) * FILE_CHUNK_BYTES).toString('base64');
      await service.rpc.call(TicketRpc.PutFileChunk, { fileId, index, data });
    }
    return { fileId, size: bytes.length, chunkCount };
  }

  /** Reads a message's file as the gateway does, `count` stored chunks per call; keeps each answer. */
  async function readAll(ticketId: number, messageId: number, count = 1) {
    const reads = [await service.rpc.call(TicketRpc.ReadAttachmentChunk, { ticketId, messageId, index: 0, count })];
    for (let index = reads[0].count; index < reads[0].chunkCount; index += count) {
      reads.push(await service.rpc.call(TicketRpc.ReadAttachmentChunk, { ticketId, messageId, index, count }));
    }
    return { ...reads[0], reads, bytes: Buffer.concat(reads.map((read) => read.data)) };
  }

  const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size - 9)]);

  it("keeps a client's file pending until its bytes are settled, then serves them with the type the bytes show", async () => {
    const user = telegramUser(nextUser++);
    const { ticketId, messageId } = await service.rpc.call(
      TicketRpc.RecordInbound,
      clientMessage(user, 1, {
        kind: 'document',
        text: 'the invoice',
        fileId: 'tg-file-1',
        attachment: { fileName: 'invoice.pdf', mimeType: 'application/octet-stream', size: 600_000 },
      }),
    );
    const [pending] = (await service.rpc.call(TicketRpc.ListMessages, { ticketId })).items;
    expect(pending.attachment).toEqual({
      fileName: 'invoice.pdf',
      mimeType: 'application/octet-stream',
      size: 600_000,
      width: null,
      height: null,
      duration: null,
      state: 'pending',
    });
    expect(
      await rejectionOf(service.rpc.call(TicketRpc.ReadAttachmentChunk, { ticketId, messageId, index: 0 })),
    ).toMatchObject({
      code: ErrorCode.AttachmentNotReady,
    });

    const bytes = pdf(600_000);
    const file = await store(bytes);
    const settle = { chatId: user.chatId, telegramMessageId: 1, outcome: 'ready' as const, file };
    await service.rpc.call(TicketRpc.SettleInboundAttachment, settle);
    // a settle repeated (the bot retrying after a lost answer) changes nothing
    await service.rpc.call(TicketRpc.SettleInboundAttachment, { ...settle, outcome: 'failed', file: null });

    const [ready] = (await service.rpc.call(TicketRpc.ListMessages, { ticketId })).items;
    expect(ready.attachment).toMatchObject({ state: 'ready', mimeType: 'application/pdf', size: bytes.length });
    const read = await readAll(ticketId, messageId);
    expect(read.bytes.equals(bytes)).toBe(true);
    expect(read).toMatchObject({
      fileName: 'invoice.pdf',
      mimeType: 'application/pdf',
      size: bytes.length,
      chunkCount: 3,
    });
  });

  it("hands a file's bytes over RabbitMQ as they are, four chunks per read, whatever they hold", async () => {
    const user = telegramUser(nextUser++);
    const { ticketId, messageId } = await service.rpc.call(
      TicketRpc.RecordInbound,
      clientMessage(user, 1, { kind: 'document', fileId: 'tg-bin', attachment: { fileName: 'данные.bin' } }),
    );
    // Not UTF-8 (a lone continuation byte, an overlong form, a surrogate, 0xff), every byte value, zeros, and
    // a size that is no multiple of the chunk size: five full chunks and three bytes.
    const invalidUtf8 = Buffer.from([0x80, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xff, 0xfe, 0x00]);
    const everyByte = Buffer.from(Array.from({ length: 256 }, (_, value) => value));
    const bytes = Buffer.concat([invalidUtf8, everyByte, randomBytes(5 * FILE_CHUNK_BYTES + 3 - 265)]);
    const file = await store(bytes);
    await service.rpc.call(TicketRpc.SettleInboundAttachment, {
      chatId: user.chatId,
      telegramMessageId: 1,
      outcome: 'ready',
      file,
    });

    const read = await readAll(ticketId, messageId, ATTACHMENT_READ_MAX_CHUNKS);

    expect(read.reads.map(({ index, count, data }) => [index, count, data.length])).toEqual([
      [0, 4, 4 * FILE_CHUNK_BYTES],
      [4, 2, FILE_CHUNK_BYTES + 3],
    ]);
    expect(read.bytes.equals(bytes)).toBe(true);
    expect(read).toMatchObject({ fileName: 'данные.bin', size: bytes.length, chunkCount: 6 });
  });

  it('refuses to complete a file whose chunks are not all there, and names the missing', async () => {
    const user = telegramUser(nextUser++);
    await service.rpc.call(
      TicketRpc.RecordInbound,
      clientMessage(user, 1, { kind: 'photo', fileId: 'tg-2', attachment: {} }),
    );
    const file = await store(pdf(700_000), { skip: 1 });
    const refused = await rejectionOf(
      service.rpc.call(TicketRpc.SettleInboundAttachment, {
        chatId: user.chatId,
        telegramMessageId: 1,
        outcome: 'ready',
        file,
      }),
    );
    expect(refused).toMatchObject({
      code: ErrorCode.ValidationFailed,
      message: expect.stringContaining('2 of 3 chunks'),
    });
  });

  it('records too large and failed files, each answered by its own code', async () => {
    const user = telegramUser(nextUser++);
    const large = await service.rpc.call(
      TicketRpc.RecordInbound,
      clientMessage(user, 1, { kind: 'video', fileId: 'v', attachment: {} }),
    );
    const lost = await service.rpc.call(
      TicketRpc.RecordInbound,
      clientMessage(user, 2, { kind: 'voice', fileId: 'x', attachment: {} }),
    );
    await service.rpc.call(TicketRpc.SettleInboundAttachment, {
      chatId: user.chatId,
      telegramMessageId: 1,
      outcome: 'too_large',
    });
    await service.rpc.call(TicketRpc.SettleInboundAttachment, {
      chatId: user.chatId,
      telegramMessageId: 2,
      outcome: 'failed',
    });
    const read = (messageId: number) =>
      rejectionOf(service.rpc.call(TicketRpc.ReadAttachmentChunk, { ticketId: large.ticketId, messageId, index: 0 }));
    expect(await read(large.messageId)).toMatchObject({ code: ErrorCode.AttachmentTooLarge });
    expect(await read(lost.messageId)).toMatchObject({ code: ErrorCode.AttachmentNotFound });
    const text = await service.rpc.call(TicketRpc.RecordInbound, clientMessage(user, 3));
    expect(await read(text.messageId)).toMatchObject({ code: ErrorCode.AttachmentNotFound });
  });

  it('keeps the earlier versions of an edited message, ignores a repeated or older edit, and links replies', async () => {
    const user = telegramUser(nextUser++);
    const { ticketId, messageId } = await service.rpc.call(
      TicketRpc.RecordInbound,
      clientMessage(user, 1, { text: 'first' }),
    );
    const edit = (text: string, at: string) => ({
      route: 'edit' as const,
      edit: { chatId: user.chatId, telegramMessageId: 1, text, editedAt: at },
    });
    const reply = clientMessage(user, 2, { text: 'answering', replyToTelegramMessageId: 1 });
    const { results } = await service.rpc.call(TicketRpc.RecordInboundBatch, {
      items: [
        edit('second', '2026-11-30T10:00:00Z'),
        { route: 'record', message: reply },
        edit('second', '2026-11-30T10:00:00Z'),
        edit('third', '2026-11-30T10:05:00Z'),
        edit('stale', '2026-11-30T09:00:00Z'),
      ],
    });
    expect(results[0]).toEqual({ route: 'edit', messageId });
    const unknown = await service.rpc.call(TicketRpc.RecordInboundBatch, {
      items: [
        {
          route: 'edit',
          edit: { chatId: user.chatId, telegramMessageId: 99, text: 'x', editedAt: '2026-11-30T10:00:00Z' },
        },
      ],
    });
    expect(unknown.results).toEqual([{ route: 'edit', messageId: null }]);

    const [edited, answer] = (await service.rpc.call(TicketRpc.ListMessages, { ticketId })).items.filter(
      (message) => message.kind !== 'system',
    );
    expect(edited).toMatchObject({
      text: 'third',
      editedAt: '2026-11-30T10:05:00.000Z',
      edits: [
        { text: 'first', editedAt: '2026-11-30T10:00:00.000Z' },
        { text: 'second', editedAt: '2026-11-30T10:05:00.000Z' },
      ],
    });
    expect(answer).toMatchObject({ text: 'answering', replyToMessageId: messageId, edits: [], editedAt: null });
  });

  it("finds a ticket by a client's file name and by every version of an edited message", async () => {
    const user = telegramUser(nextUser++);
    const { ticketId } = await service.rpc.call(
      TicketRpc.RecordInbound,
      clientMessage(user, 1, {
        kind: 'document',
        text: null,
        fileId: 'tg-file-search',
        attachment: { fileName: 'warranty-kettle.pdf', mimeType: 'application/pdf', size: 1_000 },
      }),
    );
    await service.rpc.call(TicketRpc.RecordInbound, clientMessage(user, 2, { text: 'the kettle leaks' }));
    await service.rpc.call(TicketRpc.RecordInboundBatch, {
      items: [
        {
          route: 'edit',
          edit: {
            chatId: user.chatId,
            telegramMessageId: 2,
            text: 'the toaster smokes',
            editedAt: new Date().toISOString(),
          },
        },
      ],
    });
    const found = async (q: string) =>
      (await service.rpc.call(TicketRpc.ListTickets, { q })).items.map((ticket) => ticket.id);
    expect(await found('warranty-kettle.pdf')).toEqual([ticketId]);
    expect(await found('toaster smoking')).toEqual([ticketId]);
    // the words the client wrote first are kept with the earlier version
    expect(await found('leaking')).toEqual([ticketId]);
    // words of different messages together
    expect(await found('warranty toaster')).toEqual([ticketId]);
  });

  it("stores an employee's file reply and hands it to the bot by reference, never with the bytes", async () => {
    const user = telegramUser(nextUser++);
    const { ticketId } = await service.rpc.call(TicketRpc.RecordInbound, clientMessage(user, 1));
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(300_000)]);
    const file = await store(png);

    const sent = await service.rpc.call(TicketRpc.ReplyWithFile, {
      ticketId,
      employeeId: AGENT,
      caption: 'the screen',
      fileName: 'screen.png',
      mimeType: 'image/png',
      file,
    });
    expect(sent).toMatchObject({ direction: 'outbound', kind: 'photo', text: 'the screen', deliveryStatus: 'pending' });
    expect(sent.attachment).toMatchObject({
      fileName: 'screen.png',
      mimeType: 'image/png',
      size: png.length,
      state: 'ready',
    });

    const [event] = await service.events.waitFor(Events.MessageOutboundFile, { ticketId });
    expect(event).toMatchObject({
      messageId: sent.id,
      chatId: user.chatId,
      caption: 'the screen',
      method: 'photo',
      file,
    });
    expect(JSON.stringify(event).length).toBeLessThan(2000);
    const chunk = await service.rpc.call(TicketRpc.ReadFileChunk, { fileId: file.fileId, index: 1 });
    expect(Buffer.from(chunk.data, 'base64').equals(png.subarray(FILE_CHUNK_BYTES))).toBe(true);

    // a completed file is never changed by a late chunk
    await service.rpc.call(TicketRpc.PutFileChunk, {
      fileId: file.fileId,
      index: 0,
      data: Buffer.from('nope').toString('base64'),
    });
    expect(
      Buffer.from((await service.rpc.call(TicketRpc.ReadFileChunk, { fileId: file.fileId, index: 0 })).data, 'base64'),
    ).toHaveLength(FILE_CHUNK_BYTES);

    await service.rpc.call(TicketRpc.ChangeStatus, { ticketId, status: 'closed', employeeId: AGENT });
    const closed = await rejectionOf(
      service.rpc.call(TicketRpc.ReplyWithFile, {
        ticketId,
        employeeId: AGENT,
        caption: null,
        fileName: 'a.pdf',
        mimeType: 'application/pdf',
        file: await store(pdf(1000)),
      }),
    );
    expect(closed).toMatchObject({ code: ErrorCode.TicketClosed });
  });

  it('deletes uploads abandoned for a day, and never a completed file', async () => {
    const abandoned = await store(pdf(1000));
    const recent = await store(pdf(1000));
    const user = telegramUser(nextUser++);
    const { ticketId } = await service.rpc.call(TicketRpc.RecordInbound, clientMessage(user, 1));
    const kept = await store(pdf(1000));
    await service.rpc.call(TicketRpc.ReplyWithFile, {
      ticketId,
      employeeId: AGENT,
      caption: null,
      fileName: 'a.pdf',
      mimeType: 'application/pdf',
      file: kept,
    });
    const db = service.app.get(DataSource);
    await db.query(`UPDATE ticket.files SET created_at = now() - interval '25 hours' WHERE id = ANY($1::uuid[])`, [
      [abandoned.fileId, kept.fileId],
    ]);

    await service.app.get(FileRetention).prune();

    const left: { id: string }[] = await db.query(`SELECT id FROM ticket.files WHERE id = ANY($1::uuid[])`, [
      [abandoned.fileId, recent.fileId, kept.fileId],
    ]);
    expect(left.map((row) => row.id).sort()).toEqual([recent.fileId, kept.fileId].sort());
  });
});
