import type { Message } from 'telegraf/types';
import { InboundAttachment, MessageKind } from '@app/contracts';

interface TelegramFile {
  file_size?: number;
  file_name?: string;
  mime_type?: string;
  width?: number;
  height?: number;
  length?: number;
  duration?: number;
}

const meta = (file: TelegramFile, fixed: InboundAttachment = {}): InboundAttachment => ({
  fileName: file.file_name ?? null,
  mimeType: file.mime_type ?? null,
  size: file.file_size ?? null,
  width: file.width ?? null,
  height: file.height ?? null,
  duration: file.duration ?? null,
  ...fixed,
});

/**
 * What Telegram tells of the file of a message of `kind` (as describeMessage chose it): name, type, size,
 * dimensions, duration, as far as Telegram gives them. Photos are JPEG (Telegram recompresses them); a
 * sticker's type follows its format.
 */
export function attachmentOf(kind: MessageKind, message: Message): InboundAttachment | null {
  const m = message as Message & Record<string, unknown>;
  switch (kind) {
    case 'photo': {
      const sizes = (m.photo as TelegramFile[] & { width: number; height: number }[]) ?? [];
      const largest = [...sizes].sort((a, b) => a.width * a.height - b.width * b.height).at(-1);
      return largest ? meta(largest, { mimeType: 'image/jpeg' }) : null;
    }
    case 'video_note': {
      const note = m.video_note as TelegramFile;
      return meta(note, { mimeType: 'video/mp4', width: note.length ?? null, height: note.length ?? null });
    }
    case 'voice':
      return meta(m.voice as TelegramFile, { mimeType: (m.voice as TelegramFile).mime_type ?? 'audio/ogg' });
    case 'sticker': {
      const sticker = m.sticker as TelegramFile & { is_animated?: boolean; is_video?: boolean };
      const mimeType = sticker.is_animated ? 'application/x-tgsticker' : sticker.is_video ? 'video/webm' : 'image/webp';
      return meta(sticker, { mimeType });
    }
    case 'animation':
    case 'video':
    case 'audio':
    case 'document':
      return meta(m[kind] as TelegramFile);
    default:
      return null;
  }
}
