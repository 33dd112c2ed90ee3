import type { Message } from 'telegraf/types';
import { describeMessage, inboundRequest, profileOf } from './client-message';

const base = {
  message_id: 17,
  date: 1_733_000_000,
  chat: { id: 501, type: 'private', first_name: 'Ann' },
  from: { id: 501, is_bot: false, first_name: 'Ann', last_name: 'Lee', username: 'ann', language_code: 'en' },
};
const message = (fields: Record<string, unknown>) => ({ ...base, ...fields }) as unknown as Message;
const file = (id: string) => ({ file_id: id, file_unique_id: `u-${id}` });

describe('describeMessage', () => {
  it('keeps text as it is, unknown commands included', () => {
    expect(describeMessage(message({ text: '/refund please' }))).toEqual({ kind: 'text', text: '/refund please', fileId: null });
  });

  it('records media with the file id and the caption as text, taking the largest photo', () => {
    const photo = [
      { ...file('small'), width: 90, height: 90 },
      { ...file('large'), width: 800, height: 600 },
      { ...file('medium'), width: 320, height: 240 },
    ];
    expect(describeMessage(message({ photo, caption: 'receipt' }))).toEqual({ kind: 'photo', text: 'receipt', fileId: 'large' });
    expect(describeMessage(message({ document: file('doc') }))).toEqual({ kind: 'document', text: null, fileId: 'doc' });
    expect(describeMessage(message({ voice: { ...file('v'), duration: 3 } }))).toMatchObject({ kind: 'voice', fileId: 'v' });
    expect(describeMessage(message({ video: { ...file('vid') } }))).toMatchObject({ kind: 'video', fileId: 'vid' });
    expect(describeMessage(message({ video_note: { ...file('vn') } }))).toMatchObject({ kind: 'video_note', fileId: 'vn' });
    expect(describeMessage(message({ audio: { ...file('a') } }))).toMatchObject({ kind: 'audio', fileId: 'a' });
    expect(describeMessage(message({ sticker: { ...file('s'), emoji: '👍' } }))).toEqual({ kind: 'sticker', text: '👍', fileId: 's' });
  });

  it('takes an animation for an animation although it also carries a document', () => {
    expect(describeMessage(message({ animation: file('gif'), document: file('gif') }))).toMatchObject({ kind: 'animation', fileId: 'gif' });
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
    expect(describeMessage(message({ dice: { emoji: '🎲', value: 3 } }))).toEqual({ kind: 'other', text: null, fileId: null });
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
