import { translator } from '../i18n/texts';
import { formatDuration, formatNumber } from './format';

describe('report figures in words', () => {
  it('says a wait in the largest units that keep it readable', () => {
    const t = translator('en');
    expect([null, 40, 360, 552, 3600, 45_000, 86_400, 93_600].map((seconds) => formatDuration(seconds, t))).toEqual([
      '—',
      '40 s',
      '6 min',
      '9 min',
      '1 h',
      '12 h 30 min',
      '1 d',
      '1 d 2 h',
    ]);
    expect(formatDuration(45_000, translator('ru'))).toBe('12 ч 30 мин');
  });

  it('writes an average with the language’s decimal mark', () => {
    expect(formatNumber(4.55, 'en')).toBe('4.55');
    expect(formatNumber(4.5, 'ru')).toBe('4,5');
    expect(formatNumber(4, 'en')).toBe('4');
  });
});
