import { mediaTypeOf, sendsAsPhoto } from './media-type';

const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const jpeg = Buffer.from('ffd8ffe000104a464946', 'hex');
const pdf = Buffer.from('%PDF-1.7\n', 'latin1');

describe('mediaTypeOf', () => {
  it('believes the bytes over the declared type for the types it recognises', () => {
    expect(mediaTypeOf(png, 'image/jpeg')).toBe('image/png');
    expect(mediaTypeOf(jpeg, null)).toBe('image/jpeg');
    expect(mediaTypeOf(pdf, 'application/octet-stream')).toBe('application/pdf');
    expect(mediaTypeOf(Buffer.from('GIF89a....', 'latin1'), null)).toBe('image/gif');
    expect(mediaTypeOf(Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'), null)).toBe('image/webp');
  });

  it('keeps a declared non-image type, normalised', () => {
    expect(mediaTypeOf(Buffer.from('PK\x03\x04', 'latin1'), 'Application/ZIP; charset=binary')).toBe('application/zip');
    expect(mediaTypeOf(Buffer.from('OggS', 'latin1'), 'audio/ogg')).toBe('audio/ogg');
  });

  it('does not take an image claim the bytes do not back, nor something that is not a MIME type', () => {
    expect(mediaTypeOf(Buffer.from('<html><script>', 'latin1'), 'image/png')).toBe('application/octet-stream');
    expect(mediaTypeOf(Buffer.from('hello'), 'text/html\r\nX-Evil: 1')).toBe('application/octet-stream');
    expect(mediaTypeOf(Buffer.alloc(0), null)).toBe('application/octet-stream');
  });
});

describe('sendsAsPhoto', () => {
  it('sends JPEG and PNG up to 10 MB as photos, everything else as documents', () => {
    expect(sendsAsPhoto('image/png', 1000)).toBe(true);
    expect(sendsAsPhoto('image/jpeg', 10 * 1024 * 1024)).toBe(true);
    expect(sendsAsPhoto('image/jpeg', 10 * 1024 * 1024 + 1)).toBe(false);
    expect(sendsAsPhoto('image/gif', 1000)).toBe(false);
    expect(sendsAsPhoto('application/pdf', 1000)).toBe(false);
  });
});
