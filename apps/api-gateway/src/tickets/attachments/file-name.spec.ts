import { safeFileName } from './file-name';

describe('safeFileName', () => {
  it('keeps an ordinary name, Cyrillic and spaces included', () => {
    expect(safeFileName('Счёт за март.pdf', 'file')).toBe('Счёт за март.pdf');
  });

  it('drops paths, control characters, quotes and bidi overrides', () => {
    expect(safeFileName('../../etc/passwd', 'file')).toBe('passwd');
    expect(safeFileName('C:\\Users\\me\\report.docx', 'file')).toBe('report.docx');
    expect(safeFileName('a"b\r\nc.txt', 'file')).toBe('a_b_c.txt');
    expect(safeFileName('invoice\u202Efdp.exe', 'file')).toBe('invoice_fdp.exe');
  });

  it('names a file that has no usable name after the message, with an extension from its type', () => {
    expect(safeFileName(null, 'photo-314', 'image/jpeg')).toBe('photo-314.jpg');
    expect(safeFileName('...', 'file-7', 'application/x-unknown')).toBe('file-7');
    expect(safeFileName('/', 'file-7', null)).toBe('file-7');
  });

  it('cuts a very long name, keeping its extension', () => {
    const name = safeFileName(`${'x'.repeat(500)}.pdf`, 'file');
    expect(name).toHaveLength(200);
    expect(name.endsWith('.pdf')).toBe(true);
  });
});
