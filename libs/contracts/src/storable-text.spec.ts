import { storableJson, storableText, withStorableText } from './storable-text';

describe('storable text', () => {
  it('replaces U+0000 and lone surrogates, and keeps emoji (surrogate pairs) and everything else', () => {
    expect(storableText('a\u0000b')).toBe('a\uFFFDb');
    expect(storableText('x\ud800 \udc00y')).toBe('x\uFFFD \uFFFDy');
    expect(storableText('Привет 👋 \\u0000')).toBe('Привет 👋 \\u0000');
  });

  it('makes JSON Postgres accepts as jsonb, without touching an escaped backslash', () => {
    const json = storableJson({ text: 'hi\u0000', name: '\ud83d', ok: '👋', literal: '\\u0000', [`k\u0000`]: 1 });
    expect(JSON.parse(json)).toEqual({
      text: 'hi\uFFFD',
      name: '\uFFFD',
      ok: '👋',
      literal: '\\u0000',
      ['k\uFFFD']: 1,
    });
  });

  it('cleans a payload deeply and returns the same object when nothing needed it', () => {
    const clean = { items: [{ text: 'ok' }] };
    expect(withStorableText(clean)).toBe(clean);
    expect(withStorableText({ items: [{ text: 'bad\u0000', n: 1 }], at: null })).toEqual({
      items: [{ text: 'bad\uFFFD', n: 1 }],
      at: null,
    });
  });
});
