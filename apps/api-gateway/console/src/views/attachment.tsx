import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../api/api-error';
import type { Message } from '../api/types';
import { Translate, hasText } from '../i18n/texts';
import { useDesk } from './context';
import { formatSize } from './format';

/** Types a browser shows as an image; the gateway serves exactly these inline. */
const IMAGE_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);
const PLAYABLE = /^(audio|video)\//;

type Attached = Message & { attachment: NonNullable<Message['attachment']> };

/** A message's file: an image in place, a voice or video to play, anything else to download; or its state in words. */
export function Attachment({ message }: { message: Attached }) {
  const { t, state } = useDesk();
  const { attachment } = message;
  const name = attachment.fileName ?? kindName(message, t);
  if (attachment.state !== 'ready') {
    return (
      <p class={`attachment-state attachment-${attachment.state}`}>{t(`attachment.${attachment.state}`, { name })}</p>
    );
  }
  const mimeType = attachment.mimeType ?? '';
  if (IMAGE_TYPES.has(mimeType)) {
    const alt =
      attachment.fileName ?? t(message.direction === 'inbound' ? 'attachment.photoFromClient' : 'attachment.photo');
    return <AttachedImage message={message} alt={alt} />;
  }
  const label = t('attachment.download', {
    name,
    size: attachment.size === null ? '?' : formatSize(attachment.size, state.language),
  });
  return (
    <div class="attachment-file">
      {PLAYABLE.test(mimeType) && <Player message={message} name={name} video={mimeType.startsWith('video/')} />}
      <DownloadButton message={message} fileName={attachment.fileName ?? downloadName(message)} label={label} />
    </div>
  );
}

/** The image, loaded with the agent's token into an object URL that is let go when the image is. */
function AttachedImage({ message, alt }: { message: Attached; alt: string }) {
  const { desk, t } = useDesk();
  const { url, error } = useObjectUrl(() => desk.attachment(message.ticketId, message.id), [message.id]);
  if (error)
    return <p class="attachment-state attachment-failed">{t('attachment.loadFailed', { name: alt, reason: error })}</p>;
  if (!url) return <p class="attachment-state">{t('attachment.loading', { name: alt })}</p>;
  const { width, height } = message.attachment;
  return <img class="attachment-image" src={url} alt={alt} width={width ?? undefined} height={height ?? undefined} />;
}

/** Voice, audio and video load when the agent asks to play them, not with the conversation. */
function Player({ message, name, video }: { message: Attached; name: string; video: boolean }) {
  const { desk, t } = useDesk();
  const [wanted, setWanted] = useState(false);
  const { url, error } = useObjectUrl(
    () => (wanted ? desk.attachment(message.ticketId, message.id) : Promise.resolve(null)),
    [message.id, wanted],
  );
  if (!wanted) {
    return (
      <button type="button" onClick={() => setWanted(true)}>
        {t('attachment.play', { name })}
      </button>
    );
  }
  if (error)
    return <p class="attachment-state attachment-failed">{t('attachment.loadFailed', { name, reason: error })}</p>;
  if (!url) return <p class="attachment-state">{t('attachment.loading', { name })}</p>;
  return video ? (
    <video controls autoPlay src={url} aria-label={name} />
  ) : (
    <audio controls autoPlay src={url} aria-label={name} />
  );
}

function DownloadButton({ message, fileName, label }: { message: Attached; fileName: string; label: string }) {
  const { desk, t } = useDesk();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      class="attachment-download"
      disabled={busy}
      aria-busy={busy}
      onClick={async () => {
        setBusy(true);
        await desk.saveAttachment(message.ticketId, message.id, fileName);
        setBusy(false);
      }}
    >
      {busy ? t('attachment.downloading', { name: fileName }) : label}
    </button>
  );
}

/** An object URL for what `load` gives, revoked when the component goes or loads something else. */
function useObjectUrl(load: () => Promise<Blob | null>, deps: unknown[]): { url: string | null; error: string | null } {
  const { t } = useDesk();
  const [shown, setShown] = useState<{ url: string | null; error: string | null }>({ url: null, error: null });
  useEffect(() => {
    let url: string | null = null;
    let current = true;
    setShown({ url: null, error: null });
    load().then(
      (blob) => {
        if (!current || !blob) return;
        url = URL.createObjectURL(blob);
        setShown({ url, error: null });
      },
      (error: unknown) => current && setShown({ url: null, error: describeError(error, t) }),
    );
    return () => {
      current = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, deps);
  return shown;
}

/** "Voice message", "Photo", ...: what the file is, when it has no name. */
export function kindName(message: Message, t: Translate): string {
  const key = `attachment.kind.${message.kind}`;
  return hasText(key) ? t(key) : message.kind;
}

/** A name to save an unnamed file under, with the extension its type says. */
function downloadName(message: Attached): string {
  const extension = /\/([a-z0-9]+)$/.exec(message.attachment.mimeType ?? '')?.[1];
  return `${message.kind}-${message.id}${extension ? `.${extension}` : ''}`;
}
