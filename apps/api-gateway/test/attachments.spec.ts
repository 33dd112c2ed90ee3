import { randomBytes } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ErrorCode } from '@app/contracts';
import { TestEnvironment } from '@app/testing';
import { clientWrites, startRealTicketService } from './desk-harness';
import { ADMIN, Session, http, logIn, startTestGateway } from './gateway-harness';

const LIMIT = 600_000;

describe('api-gateway: files in replies (multipart) and attachments out', () => {
  let env: TestEnvironment;
  let ticketService: INestApplication;
  let app: NestExpressApplication;
  let admin: Session;
  let telegramId = 7_300_000_000;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    ticketService = await startRealTicketService(env);
    app = await startTestGateway(env, { ATTACHMENT_UPLOAD_MAX_BYTES: String(LIMIT) });
    admin = await logIn(app, ADMIN.email, ADMIN.password);
  });

  afterAll(async () => {
    await app?.close();
    await ticketService?.close();
    await env?.dispose();
  });

  const newTicket = async () => (await clientWrites(app, (telegramId += 1), 'Hello')).ticketId;
  const upload = (ticketId: number) =>
    http(app).post(`/tickets/${ticketId}/messages`).set('Authorization', `Bearer ${admin.token}`);

  it('stores a file with its caption and gives the same bytes back, with a safe name for a download', async () => {
    const ticketId = await newTicket();
    const bytes = randomBytes(LIMIT);
    const sent = await upload(ticketId)
      .field('text', 'Договор во вложении')
      .attach('file', bytes, { filename: 'договор v2.docx', contentType: 'application/msword' });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({
      direction: 'outbound',
      kind: 'document',
      text: 'Договор во вложении',
      deliveryStatus: 'pending',
      attachment: { fileName: 'договор v2.docx', mimeType: 'application/msword', size: LIMIT, state: 'ready' },
    });

    const download = await admin
      .get(`/tickets/${ticketId}/messages/${sent.body.id}/attachment`)
      .buffer(true)
      .parse((res, done) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () => done(null, Buffer.concat(parts)));
      });
    expect(download.status).toBe(200);
    expect((download.body as Buffer).equals(bytes)).toBe(true);
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="[^"]*v2\.docx"; /);
    expect(download.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('договор v2.docx')}`,
    );
    expect(download.headers['content-type']).toBe('application/msword');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
  });

  it('does not take an image the bytes do not back: it is served as a download, never inline', async () => {
    const ticketId = await newTicket();
    const sent = await upload(ticketId).attach('file', Buffer.from('<svg onload="alert(1)">'), {
      filename: 'cat.png',
      contentType: 'image/png',
    });
    expect(sent.body).toMatchObject({ kind: 'document', attachment: { mimeType: 'application/octet-stream' } });
    const download = await admin.get(`/tickets/${ticketId}/messages/${sent.body.id}/attachment`);
    expect(download.headers['content-disposition']).toMatch(/^attachment;/);
  });

  it('refuses what is not one file with an optional caption, with 400 and what was wrong', async () => {
    const ticketId = await newTicket();
    const cases = [
      [upload(ticketId).field('text', 'no file'), 'file is required'],
      [upload(ticketId).attach('file', Buffer.alloc(0), 'empty.txt'), 'file is empty'],
      [upload(ticketId).field('cannedReplyId', '1').attach('file', Buffer.from('x'), 'a.txt'), 'Unknown field'],
      [upload(ticketId).field('text', 'x'.repeat(1025)).attach('file', Buffer.from('x'), 'a.txt'), 'at most 1024'],
      [
        upload(ticketId).attach('file', Buffer.from('x'), 'a.txt').attach('file', Buffer.from('y'), 'b.txt'),
        'one file',
      ],
    ] as const;
    for (const [request, message] of cases) {
      const response = await request;
      expect({ status: response.status, code: response.body.code }).toEqual({
        status: 400,
        code: ErrorCode.ValidationFailed,
      });
      expect(response.body.message).toContain(message);
    }
    const items: { kind: string }[] = (await admin.get(`/tickets/${ticketId}/messages`)).body.items;
    expect(items.filter((message) => message.kind !== 'system')).toHaveLength(1);
  });

  it('answers 413 FILE_TOO_LARGE above the limit, and refuses a closed or unknown ticket before storing anything', async () => {
    const ticketId = await newTicket();
    const tooLarge = await upload(ticketId).attach('file', randomBytes(LIMIT + 1), 'big.bin');
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.code).toBe(ErrorCode.FileTooLarge);
    const wayTooLarge = await upload(ticketId).attach('file', randomBytes(LIMIT + 100_000), 'bigger.bin');
    expect(wayTooLarge.body.code).toBe(ErrorCode.FileTooLarge);

    await admin.patch(`/tickets/${ticketId}/status`, { status: 'closed' }).expect(200);
    const closed = await upload(ticketId).attach('file', Buffer.from('late'), 'late.txt');
    expect({ status: closed.status, code: closed.body.code }).toEqual({ status: 409, code: ErrorCode.TicketClosed });
    const unknown = await upload(987654).attach('file', Buffer.from('x'), 'x.txt');
    expect(unknown.status).toBe(404);
  });

  it('answers 404 ATTACHMENT_NOT_FOUND for a message without a file, 400 for a malformed id, 401 without a token', async () => {
    const ticketId = await newTicket();
    const [message] = (await admin.get(`/tickets/${ticketId}/messages`)).body.items as { id: number }[];
    const none = await admin.get(`/tickets/${ticketId}/messages/${message.id}/attachment`);
    expect({ status: none.status, code: none.body.code }).toEqual({ status: 404, code: ErrorCode.AttachmentNotFound });
    expect((await admin.get(`/tickets/${ticketId}/messages/abc/attachment`)).status).toBe(400);
    expect((await http(app).get(`/tickets/${ticketId}/messages/${message.id}/attachment`)).status).toBe(401);
    expect(
      (await http(app).post(`/tickets/${ticketId}/messages`).attach('file', Buffer.from('x'), 'x.txt')).status,
    ).toBe(401);
  });
});
