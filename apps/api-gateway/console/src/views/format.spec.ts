import { formatSize } from './format';

describe('file sizes in words', () => {
  it('uses the largest binary unit that keeps a number of at least one, to a tenth', () => {
    expect(formatSize(1_250_000, 'en')).toBe('1.2 MB');
    expect(formatSize(21 * 1024 * 1024, 'en')).toBe('21 MB');
    expect(formatSize(2048, 'en')).toBe('2 kB');
    expect(formatSize(512, 'en')).toBe('512 bytes');
    expect(formatSize(1_250_000, 'ru')).toBe('1,2 МБ');
  });
});
