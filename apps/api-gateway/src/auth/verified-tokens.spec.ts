import { VerifiedTokens } from './verified-tokens';

describe('VerifiedTokens', () => {
  let now = 1_000_000;
  const clock = () => now;

  it('gives back the claims of a remembered token until its expiry, then forgets it', () => {
    const tokens = new VerifiedTokens<{ sub: string; exp?: number }>(10, clock);
    tokens.remember('a.b.c', { sub: '1', exp: now / 1000 + 5 });

    expect(tokens.claimsOf('a.b.c')).toEqual({ sub: '1', exp: 1005 });
    expect(tokens.claimsOf('a.b.x')).toBeUndefined();
    now += 5000;
    expect(tokens.claimsOf('a.b.c')).toBeUndefined();
    now -= 5000;
    expect(tokens.claimsOf('a.b.c')).toBeUndefined();
  });

  it('never remembers a token without an expiry', () => {
    const tokens = new VerifiedTokens<{ sub: string; exp?: number }>(10, clock);
    tokens.remember('a.b.c', { sub: '1' });
    expect(tokens.claimsOf('a.b.c')).toBeUndefined();
  });

  it('keeps at most its maximum, forgetting the oldest first', () => {
    const tokens = new VerifiedTokens<{ sub: string; exp?: number }>(2, clock);
    for (const token of ['t1', 't2', 't3']) tokens.remember(token, { sub: token, exp: now / 1000 + 60 });

    expect(['t1', 't2', 't3'].map((token) => tokens.claimsOf(token)?.sub)).toEqual([undefined, 't2', 't3']);
  });
});
