import type { Message } from 'telegraf/types';
import { telegramFrom } from '@app/telegram-emulator';
import { describeMessage, editRequest, inboundRequest, profileOf } from './client-message';

const base = {
  message_id: 17,
  date: 1_733_000_000,
  chat: { id: 501, type: 'private', first_name: 'Ann' },
  from: telegramFrom({ id: 501, first_name: 'Ann', last_name: 'Lee', username: 'ann', language_code: 'en' }),
};
const message = (fields: Record<string, unknown>) => ({ ...base, ...fields }) as unknown as Message;
const file = (id: string) => ({ file_id: id, file_unique_id: `u-${id}` });

describe('describeMessage', () => {
  it('keeps text as it is, unknown commands included', () => {
    expect(describeMessage(message({ text: '/refund please' }))).toEqual({
      kind: 'text',
      text: '/refund please',
      fileId: null,
    });
  });

  it('records media with the file id and the caption as text, taking the largest photo', () => {
    const photo = [
      { ...file('small'), width: 90, height: 90 },
      { ...file('large'), width: 800, height: 600 },
      { ...file('medium'), width: 320, height: 240 },
    ];
    expect(describeMessage(message({ photo, caption: 'receipt' }))).toEqual({
      kind: 'photo',
      text: 'receipt',
      fileId: 'large',
    });
    expect(describeMessage(message({ document: file('doc') }))).toEqual({
      kind: 'document',
      text: null,
      fileId: 'doc',
    });
    expect(describeMessage(message({ voice: { ...file('v'), duration: 3 } }))).toMatchObject({
      kind: 'voice',
      fileId: 'v',
    });
    expect(describeMessage(message({ video: { ...file('vid') } }))).toMatchObject({ kind: 'video', fileId: 'vid' });
    expect(describeMessage(message({ video_note: { ...file('vn') } }))).toMatchObject({
      kind: 'video_note',
      fileId: 'vn',
    });
    expect(describeMessage(message({ audio: { ...file('a') } }))).toMatchObject({ kind: 'audio', fileId: 'a' });
    expect(describeMessage(message({ sticker: { ...file('s'), emoji: '👍' } }))).toEqual({
      kind: 'sticker',
      text: '👍',
      fileId: 's',
    });
  });

  it('takes an animation for an animation although it also carries a document', () => {
    expect(describeMessage(message({ animation: file('gif'), document: file('gif') }))).toMatchObject({
      kind: 'animation',
      fileId: 'gif',
    });
  });

  it('writes locations and contacts out as text', () => {
    expect(describeMessage(message({ location: { latitude: 55.75, longitude: 37.61 } }))).toEqual({
      kind: 'location',
      text: '55.75, 37.61',
      fileId: null,
    });
    expect(describeMessage(message({ contact: { first_name: 'Bob', phone_number: '+7900' } }))).toEqual({
      kind: 'contact',
      text: 'Bob +7900',
      fileId: null,
    });
  });

  it('never drops a message it does not know: it is recorded as other', () => {
    expect(describeMessage(message({ dice: { emoji: '🎲', value: 3 } }))).toEqual({
      kind: 'other',
      text: null,
      fileId: null,
    });
  });
});

describe('inboundRequest', () => {
  it('carries the profile, the Telegram ids and when the client sent it', () => {
    expect(profileOf(message({ text: 'hi' }))).toEqual({
      telegramId: 501,
      chatId: 501,
      username: 'ann',
      firstName: 'Ann',
      lastName: 'Lee',
      languageCode: 'en',
    });
    expect(inboundRequest(message({ text: 'hi' }))).toMatchObject({
      telegramMessageId: 17,
      kind: 'text',
      text: 'hi',
      sentAt: new Date(1_733_000_000_000).toISOString(),
    });
  });
});

describe('inboundRequest for media, replies and edits', () => {
  it("carries what Telegram says of the file: the largest photo, a document's name and type, a voice's duration", () => {
    const photo = [
      { ...file('small'), width: 90, height: 90, file_size: 1200 },
      { ...file('large'), width: 1280, height: 960, file_size: 183_000 },
    ];
    expect(inboundRequest(message({ photo, caption: 'screen' }))).toMatchObject({
      kind: 'photo',
      text: 'screen',
      fileId: 'large',
      attachment: { fileName: null, mimeType: 'image/jpeg', size: 183_000, width: 1280, height: 960, duration: null },
    });
    const document = { ...file('doc'), file_name: 'invoice.pdf', mime_type: 'application/pdf', file_size: 52_000 };
    expect(inboundRequest(message({ document })).attachment).toEqual({
      fileName: 'invoice.pdf',
      mimeType: 'application/pdf',
      size: 52_000,
      width: null,
      height: null,
      duration: null,
    });
    expect(inboundRequest(message({ voice: { ...file('v'), duration: 7, file_size: 9000 } })).attachment).toMatchObject(
      {
        mimeType: 'audio/ogg',
        duration: 7,
        size: 9000,
      },
    );
    expect(
      inboundRequest(message({ video_note: { ...file('vn'), length: 240, duration: 4 } })).attachment,
    ).toMatchObject({
      mimeType: 'video/mp4',
      width: 240,
      height: 240,
      duration: 4,
    });
    expect(
      inboundRequest(message({ sticker: { ...file('s'), width: 512, height: 512, is_animated: true } })).attachment,
    ).toMatchObject({
      mimeType: 'application/x-tgsticker',
    });
  });

  it('has no attachment for text, and keeps the id of the message a reply answers', () => {
    const request = inboundRequest(
      message({ text: 'this one', reply_to_message: { ...base, message_id: 12, text: 'earlier' } }),
    );
    expect(request).toMatchObject({ attachment: null, replyToTelegramMessageId: 12 });
    expect(inboundRequest(message({ text: 'plain' })).replyToTelegramMessageId).toBeNull();
  });

  it('makes an edited message an edit of the same Telegram message, with the new caption and the edit date', () => {
    expect(editRequest(message({ text: 'fixed typo', edit_date: 1_733_000_090 }))).toEqual({
      chatId: 501,
      telegramMessageId: 17,
      text: 'fixed typo',
      editedAt: new Date(1_733_000_090_000).toISOString(),
    });
    expect(
      editRequest(
        message({ photo: [{ ...file('p'), width: 1, height: 1 }], caption: 'new caption', edit_date: 1_733_000_100 }),
      ).text,
    ).toBe('new caption');
  });
});
