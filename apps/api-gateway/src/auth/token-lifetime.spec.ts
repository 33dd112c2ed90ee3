import { tokenLifetimeSeconds } from './token-lifetime';

describe('tokenLifetimeSeconds', () => {
  it.each([
    ['3600', 3600],
    ['45s', 45],
    ['15m', 900],
    ['8h', 28_800],
    ['1d', 86_400],
    ['1500ms', 2],
  ])('reads %s as %i seconds', (duration, seconds) => {
    expect(tokenLifetimeSeconds(duration)).toBe(seconds);
  });

  it('never gives a token that is born expired', () => {
    expect(tokenLifetimeSeconds('0')).toBe(1);
  });

  it('refuses what is not a duration', () => {
    expect(() => tokenLifetimeSeconds('8 hours')).toThrow('Not a duration');
  });
});
