import { translator } from '../i18n/texts';
import { formatDuration, formatNumber, formatSize } from './format';

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

describe('file sizes in words', () => {
  it('uses the largest binary unit that keeps a number of at least one, to a tenth', () => {
    expect(formatSize(1_250_000, 'en')).toBe('1.2 MB');
    expect(formatSize(21 * 1024 * 1024, 'en')).toBe('21 MB');
    expect(formatSize(2048, 'en')).toBe('2 kB');
    expect(formatSize(512, 'en')).toBe('512 bytes');
    expect(formatSize(1_250_000, 'ru')).toBe('1,2 МБ');
  });
});
