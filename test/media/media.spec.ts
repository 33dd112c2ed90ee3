import { eventually } from '@app/testing';
import { clientUser } from '@app/telegram-emulator';
import { MediaStack } from './media-stack';
import { noisePng, paddedPdf, sha256 } from './sample-files';

const UPLOAD_LIMIT = 6_000_000;

/**
 * Media both ways through the whole desk (three processes from dist/, the Bot API emulator): a client's
 * files reach the employee byte for byte, an employee's files reach the client byte for byte, and every
 * failure on the way ends in a clear state, never in a lost or truncated file.
 */
describe('media: files from the client to the employee and back', () => {
  let stack: MediaStack;

  beforeAll(async () => {
    stack = await MediaStack.start({ ATTACHMENT_UPLOAD_MAX_BYTES: String(UPLOAD_LIMIT) });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it("gives the employee a client's PNG and PDF with the same bytes, an image inline and a document as a download", async () => {
    const client = clientUser('Pavel', 'en');
    const png = noisePng(400, 300);
    const pdf = paddedPdf(700_000);
    stack.telegram.clientSends(client, { photo: { bytes: png }, caption: 'the error' });
    stack.telegram.clientSends(client, {
      document: { file_name: 'invoice "march".pdf', mime_type: 'application/pdf', bytes: pdf },
    });
    const ticketId = await stack.ticketOf(client);

    const photo = await stack.waitForMessage(
      ticketId,
      (m) => m.kind === 'photo' && m.attachment?.state === 'ready',
      'photo ready',
    );
    expect(photo).toMatchObject({
      text: 'the error',
      attachment: { mimeType: 'image/png', size: png.length, state: 'ready' },
    });
    const image = await stack.download(ticketId, photo.id);
    expect(image.status).toBe(200);
    expect(sha256(image.bytes)).toBe(sha256(png));
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('content-length')).toBe(String(png.length));
    expect(image.headers.get('content-disposition')).toMatch(/^inline; filename="photo-\d+\.png"$/);
    expect(image.headers.get('x-content-type-options')).toBe('nosniff');
    expect(image.headers.get('cache-control')).toContain('immutable');

    const document = await stack.waitForMessage(
      ticketId,
      (m) => m.kind === 'document' && m.attachment?.state === 'ready',
      'pdf ready',
    );
    expect(document.attachment).toMatchObject({
      fileName: 'invoice "march".pdf',
      mimeType: 'application/pdf',
      size: pdf.length,
    });
    const file = await stack.download(ticketId, document.id);
    expect(sha256(file.bytes)).toBe(sha256(pdf));
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="invoice _march_.pdf"');

    const none = await stack.api('GET', `/tickets/${ticketId}/messages/999999/attachment`);
    expect(none).toMatchObject({ status: 404, body: { code: 'ATTACHMENT_NOT_FOUND' } });
  });

  it('records an album as several photos in the order the client sent them', async () => {
    const client = clientUser('Dina', 'en');
    const album = [noisePng(20, 20), noisePng(30, 30), noisePng(40, 40)];
    album.forEach((bytes, i) =>
      stack.telegram.clientSends(client, { photo: { bytes }, caption: i === 0 ? 'the album' : undefined }),
    );
    const ticketId = await stack.ticketOf(client);
    await eventually(
      async () => (await stack.messages(ticketId)).filter((m) => m.attachment?.state === 'ready').length === 3,
      {
        timeoutMs: 30_000,
        message: 'three photos ready',
      },
    );
    const photos = await stack.messages(ticketId);
    expect(photos.map((m) => m.attachment!.size)).toEqual(album.map((bytes) => bytes.length));
    for (const [i, photo] of photos.entries())
      expect(sha256((await stack.download(ticketId, photo.id)).bytes)).toBe(sha256(album[i]));
  });

  it("records a client's edit as an edit with its history, and a reply with the message it answers", async () => {
    const client = clientUser('Olga', 'en');
    const first = stack.telegram.clientSends(client, { text: 'Order 123 is late' });
    const ticketId = await stack.ticketOf(client);
    await stack.waitForMessage(ticketId, (m) => m.text === 'Order 123 is late', 'first message');
    stack.telegram.clientEdits(first.message.message_id, { text: 'Order 124 is late' });
    stack.telegram.clientSends(client, { text: 'Any news?', replyTo: first.message.message_id });

    const edited = await stack.waitForMessage(ticketId, (m) => m.editedAt !== null, 'the edit');
    expect(edited).toMatchObject({
      text: 'Order 124 is late',
      edits: [{ text: 'Order 123 is late', editedAt: edited.editedAt }],
    });
    const reply = await stack.waitForMessage(ticketId, (m) => m.text === 'Any news?', 'the reply');
    expect(reply.replyToMessageId).toBe(edited.id);
    expect(await stack.messages(ticketId)).toHaveLength(2);
  });

  it("delivers an employee's PDF to the client with the same bytes, after waiting out a 429's retry_after", async () => {
    const client = clientUser('Irina', 'en');
    stack.telegram.clientSends(client, { text: 'Please send the contract' });
    const ticketId = await stack.ticketOf(client);
    const pdf = paddedPdf(900_000);
    stack.telegram.failNextSends(1, 429, 'Too Many Requests: retry after 2', 2);

    const sent = await stack.sendFile(ticketId, pdf, 'contract.pdf', 'application/pdf', 'Here it is');
    expect(sent).toMatchObject({ status: 201, body: { kind: 'document' } });
    expect(sent.body).toMatchObject({
      direction: 'outbound',
      kind: 'document',
      text: 'Here it is',
      deliveryStatus: 'pending',
    });
    expect(sent.body.attachment).toMatchObject({
      fileName: 'contract.pdf',
      mimeType: 'application/pdf',
      size: pdf.length,
      state: 'ready',
    });

    const received = await eventually(() => stack.telegram.botMessages(client.id).find((m) => m.file), {
      timeoutMs: 30_000,
      message: 'the document at the client',
    });
    expect(received).toMatchObject({
      text: 'Here it is',
      file: { kind: 'document', fileName: 'contract.pdf', size: pdf.length },
    });
    expect(received.file!.sha256).toBe(sha256(pdf));
    const attempts = stack.telegram.sendAttempts(client.id);
    const refused = attempts.find((attempt) => attempt.status === 429)!;
    const accepted = attempts.find((attempt) => attempt.status === 200 && attempt.at > refused.at)!;
    expect(accepted.at - refused.at).toBeGreaterThanOrEqual(1900);
    await stack.waitForMessage(
      ticketId,
      (m) => m.id === sent.body.id && m.deliveryStatus === 'delivered',
      'delivery reported',
    );

    // The client answers the document in Telegram: the agent sees which message the answer is about.
    stack.telegram.clientSends(client, { text: 'Signed, thanks', replyTo: received.messageId });
    const answer = await stack.waitForMessage(ticketId, (m) => m.text === 'Signed, thanks', 'the answer');
    expect(answer.replyToMessageId).toBe(sent.body.id);

    const tooLarge = await stack.sendFile(
      ticketId,
      Buffer.alloc(UPLOAD_LIMIT + 1),
      'big.bin',
      'application/octet-stream',
    );
    expect(tooLarge).toMatchObject({ status: 413, body: { code: 'FILE_TOO_LARGE' } });
  });

  it('sends an image as a photo', async () => {
    const client = clientUser('Anton', 'en');
    stack.telegram.clientSends(client, { text: 'What does it look like?' });
    const ticketId = await stack.ticketOf(client);
    const png = noisePng(100, 80);
    const sent = await stack.sendFile(ticketId, png, 'screen.png', 'image/png');
    expect(sent.body).toMatchObject({ kind: 'photo', text: null });
    const received = await eventually(() => stack.telegram.botMessages(client.id).find((m) => m.file), {
      timeoutMs: 30_000,
    });
    expect(received.file).toMatchObject({ kind: 'photo', sha256: sha256(png) });
  });

  it('records a 21 MB file as too large and tells the client once, in their language', async () => {
    const client = clientUser('Nick', 'en');
    stack.telegram.clientSends(client, {
      document: { file_name: 'video.zip', mime_type: 'application/zip', bytes: Buffer.alloc(21 * 1024 * 1024, 7) },
    });
    const ticketId = await stack.ticketOf(client);
    const message = await stack.waitForMessage(
      ticketId,
      (m) => m.attachment?.state === 'too_large',
      'too large recorded',
    );
    expect(message.attachment).toMatchObject({ fileName: 'video.zip', size: 21 * 1024 * 1024 });
    expect(await stack.api('GET', `/tickets/${ticketId}/messages/${message.id}/attachment`)).toMatchObject({
      status: 410,
      body: { code: 'ATTACHMENT_TOO_LARGE' },
    });
    const told = () => stack.telegram.botMessages(client.id).filter((m) => m.text.includes('larger than 20 MB'));
    await eventually(() => told().length > 0, { timeoutMs: 20_000, message: 'the client told' });
    expect(told()).toHaveLength(1);

    // A Russian-speaking client is told in Russian.
    const russian = clientUser('Даша', 'ru');
    stack.telegram.clientSends(russian, {
      document: { file_name: 'видео.zip', mime_type: 'application/zip', bytes: Buffer.alloc(21 * 1024 * 1024, 9) },
    });
    const toldInRussian = () => stack.telegram.botMessages(russian.id).filter((m) => m.text.includes('больше 20 МБ'));
    await eventually(() => toldInRussian().length > 0, { timeoutMs: 20_000, message: 'the Russian client told' });
    expect(toldInRussian()).toHaveLength(1);
    expect(stack.telegram.botMessages(russian.id).filter((m) => m.text.includes('20 MB'))).toHaveLength(0);
  });

  it('finishes a download cut by killing bot-service once it is back', async () => {
    const client = clientUser('Vera', 'en');
    const pdf = paddedPdf(2_000_000);
    stack.telegram.setDownloadPace(400_000);
    const downloadsBefore = stack.telegram.fileDownloads;
    stack.telegram.clientSends(client, { document: { file_name: 'scan.pdf', bytes: pdf } });
    const ticketId = await stack.ticketOf(client);
    await eventually(() => stack.telegram.fileDownloads > downloadsBefore, {
      timeoutMs: 30_000,
      message: 'download started',
    });

    await stack.kill('bot-service');
    const pending = await stack.waitForMessage(ticketId, (m) => m.kind === 'document', 'the message');
    expect(pending.attachment?.state).toBe('pending');
    const notReady = await stack.api('GET', `/tickets/${ticketId}/messages/${pending.id}/attachment`);
    expect(notReady).toMatchObject({ status: 503, body: { code: 'ATTACHMENT_NOT_READY' } });
    expect(Number(notReady.headers.get('retry-after'))).toBeGreaterThan(0);

    stack.telegram.setDownloadPace(undefined);
    await stack.startService('bot-service');
    await stack.waitForMessage(
      ticketId,
      (m) => m.id === pending.id && m.attachment?.state === 'ready',
      'download finished after restart',
    );
    expect(sha256((await stack.download(ticketId, pending.id)).bytes)).toBe(sha256(pdf));
  });

  describe('when the bytes stop coming while the gateway streams a file', () => {
    let ticketId: number;
    let messageId: number;
    const file = paddedPdf(10 * 1024 * 1024);
    const size = file.length;

    beforeAll(async () => {
      const client = clientUser('Lev', 'en');
      stack.telegram.clientSends(client, {
        document: { file_name: 'dump.bin', mime_type: 'application/octet-stream', bytes: file },
      });
      ticketId = await stack.ticketOf(client);
      messageId = (
        await stack.waitForMessage(ticketId, (m) => m.attachment?.state === 'ready', 'big file ready', 60_000)
      ).id;
    }, 90_000);

    /** Reads the first bytes, breaks something, reads on: the download must fail, not end short. */
    async function readWhile(
      breakIt: () => Promise<void> | void,
    ): Promise<{ status: number; received: number; failed: boolean }> {
      const response = await stack.fetch(`/tickets/${ticketId}/messages/${messageId}/attachment`);
      const reader = response.body!.getReader();
      let received = (await reader.read()).value?.length ?? 0;
      await breakIt();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return { status: response.status, received, failed: false };
          received += value.length;
        }
      } catch {
        return { status: response.status, received, failed: true };
      }
    }

    it('aborts the download when RabbitMQ goes away midway, and answers 503 while it is away', async () => {
      try {
        const outcome = await readWhile(() => stack.rabbitProxy.cut());
        expect(outcome.status).toBe(200);
        expect(outcome.failed).toBe(true);
        expect(outcome.received).toBeLessThan(size);
        const after = await stack.api('GET', `/tickets/${ticketId}/messages/${messageId}/attachment`);
        expect([503, 504]).toContain(after.status);
      } finally {
        stack.rabbitProxy.restore();
      }
    });

    it('serves the whole file again once RabbitMQ is back', async () => {
      const whole = await eventually(
        async () => {
          const download = await stack.download(ticketId, messageId);
          return download.status === 200 && download;
        },
        { timeoutMs: 90_000, message: 'a whole download after the outage' },
      );
      expect(sha256(whole.bytes)).toBe(sha256(file));
    }, 120_000);

    it('aborts the download when ticket-service dies midway, and answers 504 while it is down', async () => {
      const outcome = await readWhile(() => stack.kill('ticket-service'));
      expect(outcome.failed).toBe(true);
      expect(outcome.received).toBeLessThan(size);
      const after = await stack.api('GET', `/tickets/${ticketId}/messages/${messageId}/attachment`);
      expect(after).toMatchObject({ status: 504, body: { code: 'UPSTREAM_TIMEOUT' } });
    });
  });
});
