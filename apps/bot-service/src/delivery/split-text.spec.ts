import { TELEGRAM_TEXT_LIMIT, splitText } from './split-text';

describe('splitText', () => {
  it('leaves a text within the limit whole', () => {
    expect(splitText('a < b & c')).toEqual(['a < b & c']);
    expect(splitText('x'.repeat(TELEGRAM_TEXT_LIMIT))).toEqual(['x'.repeat(TELEGRAM_TEXT_LIMIT)]);
  });

  it('cuts a long text into parts within the limit that join back to the text', () => {
    const text = Array.from({ length: 2000 }, (_, i) => `word${i}`).join(' ');
    const parts = splitText(text);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((part) => part.length <= TELEGRAM_TEXT_LIMIT)).toBe(true);
    expect(parts.join('')).toBe(text);
    expect(parts[0].endsWith(' ')).toBe(true);
  });

  it('prefers a line break, and cuts a text without spaces at the limit', () => {
    expect(splitText(`${'a'.repeat(7)}\n${'b'.repeat(5)}`, 10)).toEqual(['aaaaaaa\n', 'bbbbb']);
    expect(splitText('c'.repeat(25), 10)).toEqual(['c'.repeat(10), 'c'.repeat(10), 'c'.repeat(5)]);
  });

  it('never splits a character made of two UTF-16 units', () => {
    const parts = splitText(`${'a'.repeat(9)}😀tail`, 10);
    expect(parts).toEqual(['a'.repeat(9), '😀tail']);
  });

  it('drops parts that are only whitespace', () => {
    expect(splitText(`${'a'.repeat(10)}${' '.repeat(10)}`, 10)).toEqual(['a'.repeat(10)]);
  });
});
