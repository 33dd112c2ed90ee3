import { MessageKind } from '@app/contracts';

export const PREVIEW_MAX_LENGTH = 200;

/**
 * The one line a ticket list shows of its last message: whitespace collapsed, cut at a character
 * boundary (never inside an emoji), and non-text messages labelled by kind, e.g. "[photo] caption".
 */
export function messagePreview(kind: MessageKind, text: string | null): string {
  const body = (text ?? '').replace(/\s+/g, ' ').trim();
  const line = kind === 'text' ? body : `[${kind}]${body ? ` ${body}` : ''}`;
  const characters = Array.from(line);
  if (characters.length <= PREVIEW_MAX_LENGTH) return line;
  return `${characters
    .slice(0, PREVIEW_MAX_LENGTH - 1)
    .join('')
    .trimEnd()}…`;
}
