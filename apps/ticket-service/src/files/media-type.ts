/** Types recognised by their first bytes; for these the bytes, not the sender's word, decide the type. */
const SIGNATURES: { type: string; matches: (head: Buffer) => boolean }[] = [
  {
    type: 'image/png',
    matches: (h) => h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { type: 'image/jpeg', matches: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
  {
    type: 'image/gif',
    matches: (h) =>
      h.subarray(0, 6).toString('latin1') === 'GIF87a' || h.subarray(0, 6).toString('latin1') === 'GIF89a',
  },
  {
    type: 'image/webp',
    matches: (h) => h.subarray(0, 4).toString('latin1') === 'RIFF' && h.subarray(8, 12).toString('latin1') === 'WEBP',
  },
  { type: 'application/pdf', matches: (h) => h.subarray(0, 5).toString('latin1') === '%PDF-' },
];

const IMAGE = /^image\//i;
const TOKEN = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

/**
 * The MIME type to store for a file: the type its first bytes show when they show one; otherwise what the
 * sender declared, unless it claims an image (a browser may render a declared image inline, so that claim
 * must be backed by the bytes) or is not a MIME type at all.
 */
export function mediaTypeOf(head: Buffer, declared: string | null): string {
  const sniffed = SIGNATURES.find((signature) => signature.matches(head));
  if (sniffed) return sniffed.type;
  const type = declared?.split(';')[0].trim().toLowerCase();
  if (!type || !TOKEN.test(type) || IMAGE.test(type)) return 'application/octet-stream';
  return type;
}

/** Telegram takes JPEG and PNG (up to 10 MB) as photos; anything else goes as a document. */
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
export function sendsAsPhoto(mimeType: string, size: number): boolean {
  return (mimeType === 'image/jpeg' || mimeType === 'image/png') && size <= PHOTO_MAX_BYTES;
}
