import { createHash, randomBytes } from 'node:crypto';
import { TelegramEmulator, clientUser } from '../src';

const alice = clientUser('Alice', 'en', { username: undefined });
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('TelegramEmulator: files', () => {
  let emulator: TelegramEmulator;

  const call = async (method: string, body: Record<string, unknown> | FormData) => {
    const response = await fetch(`${emulator.apiRoot}/bot${emulator.token}/${method}`, {
      method: 'POST',
      ...(body instanceof FormData
        ? { body }
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const upload = (field: 'photo' | 'document', bytes: Buffer, extra: Record<string, string> = {}) => {
    const form = new FormData();
    form.append('chat_id', String(alice.id));
    for (const [name, value] of Object.entries(extra)) form.append(name, value);
    form.append(field, new Blob([bytes]), 'report.pdf');
    return form;
  };

  beforeEach(async () => {
    emulator = await TelegramEmulator.start({ firstId: 2000 });
  });
  afterEach(async () => {
    await emulator.stop();
  });

  it("serves a client's file through getFile and the file URL, byte for byte", async () => {
    const bytes = randomBytes(100_000);
    const sent = emulator.clientSends(alice, { document: { file_name: 'scan.pdf', bytes } });
    const document = sent.message.document as { file_id: string; file_size: number; file_name: string };
    expect(document).toMatchObject({ file_size: bytes.length, file_name: 'scan.pdf' });

    const file = (await call('getFile', { file_id: document.file_id })).body.result as {
      file_path: string;
      file_size: number;
    };
    expect(file.file_size).toBe(bytes.length);
    const download = await fetch(`${emulator.apiRoot}/file/bot${emulator.token}/${file.file_path}`);
    expect(sha(new Uint8Array(await download.arrayBuffer()))).toBe(sha(bytes));
    expect((await fetch(`${emulator.apiRoot}/file/bot1:wrong/${file.file_path}`)).status).toBe(404);
    expect(await call('getFile', { file_id: 'nope' })).toMatchObject({ status: 400 });
  });

  it('refuses getFile above 20 MB, as Telegram does for bots', async () => {
    const sent = emulator.clientSends(alice, { document: { bytes: Buffer.alloc(20 * 1024 * 1024 + 1) } });
    const fileId = (sent.message.document as { file_id: string }).file_id;
    expect(await call('getFile', { file_id: fileId })).toEqual({
      status: 400,
      body: { ok: false, error_code: 400, description: 'Bad Request: file is too big' },
    });
  });

  it("takes a bot's sendDocument and sendPhoto as multipart uploads and keeps the bytes", async () => {
    const bytes = randomBytes(50_000);
    const answer = await call('sendDocument', upload('document', bytes, { caption: 'Here' }));
    expect(answer.body).toMatchObject({
      ok: true,
      result: { caption: 'Here', document: { file_name: 'report.pdf', file_size: 50_000 } },
    });
    const [message] = emulator.botMessages(alice.id);
    expect(message).toMatchObject({
      text: 'Here',
      file: { kind: 'document', fileName: 'report.pdf', size: 50_000, sha256: sha(bytes) },
    });
    expect(sha(emulator.file(message.file!.fileId)!)).toBe(sha(bytes));

    expect((await call('sendPhoto', upload('photo', randomBytes(1000)))).body.result.photo).toHaveLength(1);
    expect(await call('sendPhoto', upload('photo', Buffer.alloc(10 * 1024 * 1024 + 1)))).toMatchObject({ status: 400 });
    expect(await call('sendDocument', upload('photo', bytes))).toMatchObject({ status: 400 });
  });

  it('answers 413 to an upload above 50 MB, and a 429 with retry_after when told to', async () => {
    expect(await call('sendDocument', upload('document', Buffer.alloc(50 * 1024 * 1024 + 1)))).toMatchObject({
      status: 413,
    });
    emulator.failNextSends(1, 429, 'Too Many Requests: retry after 3', 3);
    expect(await call('sendDocument', upload('document', randomBytes(10)))).toEqual({
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 3',
        parameters: { retry_after: 3 },
      },
    });
    expect(emulator.botMessages(alice.id)).toHaveLength(0);
  });

  it("delivers a client's edit as edited_message and a reply with reply_to_message", async () => {
    const first = emulator.clientSends(alice, { text: 'tpyo' });
    const reply = emulator.clientSends(alice, { text: 'and this', replyTo: first.message.message_id });
    const edit = emulator.clientEdits(first.message.message_id, { text: 'typo' });
    expect(reply.message.reply_to_message).toMatchObject({ message_id: first.message.message_id });
    expect(edit.edited_message).toMatchObject({
      message_id: first.message.message_id,
      text: 'typo',
      edit_date: expect.any(Number),
    });
    const updates = (await call('getUpdates', { offset: 0 })).body.result as { update_id: number }[];
    expect(updates.map((update) => update.update_id)).toEqual([first.update_id, reply.update_id, edit.update_id]);
  });
});
