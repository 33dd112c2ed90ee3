import { basename } from 'node:path';

// Control characters are exactly what must go.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f"\\/:*?<>|\u202a-\u202e\u2066-\u2069]+/g;
const MAX_LENGTH = 200;

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'application/pdf': '.pdf',
  'audio/ogg': '.ogg',
  'audio/mpeg': '.mp3',
  'video/mp4': '.mp4',
};

/**
 * A file name safe to put in a header or on someone's disk: no path, no control or bidi-override characters,
 * no characters Windows refuses, not empty, at most 200 characters (keeping the extension).
 */
export function safeFileName(name: string | null | undefined, fallbackStem: string, mimeType?: string | null): string {
  const cleaned = basename((name ?? '').replace(/\\/g, '/'))
    .replace(UNSAFE, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (cleaned === '' || /^_+$/.test(cleaned)) return `${fallbackStem}${EXTENSIONS[mimeType ?? ''] ?? ''}`;
  if (cleaned.length <= MAX_LENGTH) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return cleaned.slice(0, MAX_LENGTH - extension.length) + extension;
}
