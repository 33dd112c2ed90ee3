import { MAX_INPUT_DEPTH, inputProblem } from './request-input';

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
};

describe('inputProblem', () => {
  it('accepts ordinary bodies, emoji (surrogate pairs) included', () => {
    expect(
      inputProblem({ text: 'Привет 👋', tags: ['a', 'b'], nested: nested(MAX_INPUT_DEPTH - 2) }, 'body'),
    ).toBeUndefined();
  });

  it('names the field holding U+0000 or a lone surrogate', () => {
    expect(inputProblem({ email: 'a\u0000@b.c' }, 'body')).toMatch(/^body\.email contains U\+0000/);
    expect(inputProblem({ items: [{ text: 'x\ud800' }] }, 'body')).toMatch(/^body\.items\[0\]\.text contains/);
    expect(inputProblem({ text: '\udc00 alone' }, 'body')).toMatch(/^body\.text contains/);
    expect(inputProblem({ ['k\u0000']: 1 }, 'body')).toMatch(/property name/);
  });

  it('stops at the depth limit without recursing, however deep the input', () => {
    let deep: unknown = [];
    for (let i = 0; i < 20_000; i += 1) deep = [deep];
    expect(inputProblem(deep, 'body')).toMatch(/is nested deeper than 32 levels/);
    expect(inputProblem({ text: nested(5_000) }, 'body')).toMatch(/^body\.text\.a\.a.* is nested deeper/);
  });
});
