import { TELEGRAM_TEXT_LIMIT, sendsOnKey, telegramParts } from './reply-length';

describe('reply length and keys', () => {
  it('counts the Telegram messages a reply becomes', () => {
    expect(telegramParts('')).toBe(1);
    expect(telegramParts('x'.repeat(TELEGRAM_TEXT_LIMIT))).toBe(1);
    expect(telegramParts('x'.repeat(TELEGRAM_TEXT_LIMIT + 1))).toBe(2);
    expect(telegramParts('x'.repeat(3 * TELEGRAM_TEXT_LIMIT))).toBe(3);
  });

  it('sends on Enter, not on Shift+Enter or while an input method is composing', () => {
    expect(sendsOnKey({ key: 'Enter', shiftKey: false })).toBe(true);
    expect(sendsOnKey({ key: 'Enter', shiftKey: true })).toBe(false);
    expect(sendsOnKey({ key: 'Enter', shiftKey: false, isComposing: true })).toBe(false);
    expect(sendsOnKey({ key: 'a', shiftKey: false })).toBe(false);
  });
});
