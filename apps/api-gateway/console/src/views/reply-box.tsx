import { useRef, useState } from 'preact/hooks';
import { TELEGRAM_TEXT_LIMIT, sendsOnKey, telegramParts } from '../state/reply-length';
import { useDesk } from './context';
import { formatSize } from './format';

/** The API's limit for one reply (REPLY_MAX_LENGTH). */
const REPLY_MAX = 20_000;
/** Telegram's limit on a caption (CAPTION_MAX_LENGTH): with a file, the text is its caption. */
const CAPTION_MAX = 1024;

export function ReplyBox({ ticketId }: { ticketId: number }) {
  const { desk, state, t } = useDesk();
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [sending, setSending] = useState(false);
  // One key per draft: a retry of the same draft after a lost answer is recognised, a new draft gets a new key.
  const [draftKey, setDraftKey] = useState(() => crypto.randomUUID());
  const fileInput = useRef<HTMLInputElement>(null);
  const parts = telegramParts(text);
  const max = file ? CAPTION_MAX : REPLY_MAX;
  const ready = (file !== null || text.trim() !== '') && text.length <= max;

  const forgetFile = () => {
    setFile(null);
    if (fileInput.current) fileInput.current.value = '';
  };

  const send = async () => {
    if (!ready || sending) return;
    setSending(true);
    const sent = file
      ? await desk.replyWithFile(ticketId, file, text, draftKey)
      : await desk.reply(ticketId, text, draftKey);
    setSending(false);
    if (sent) {
      setText('');
      forgetFile();
      setDraftKey(crypto.randomUUID());
    }
  };

  return (
    <form
      class="reply"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <label for="reply-text">{t('reply.label')}</label>
      <textarea
        id="reply-text"
        rows={3}
        value={text}
        aria-describedby="reply-hint"
        onInput={(event) => setText((event.currentTarget as HTMLTextAreaElement).value)}
        onKeyDown={(event) => {
          if (sendsOnKey(event)) {
            event.preventDefault();
            void send();
          }
        }}
      />
      <div class="reply-file">
        <label for="reply-file">{t('reply.attach')}</label>
        <input
          id="reply-file"
          type="file"
          ref={fileInput}
          onChange={(event) => setFile((event.currentTarget as HTMLInputElement).files?.[0] ?? null)}
        />
        {file && (
          <button type="button" onClick={forgetFile}>
            {t('reply.removeFile', { name: file.name, size: formatSize(file.size, state.language) })}
          </button>
        )}
      </div>
      <div class="reply-foot">
        <span id="reply-hint" class="hint" aria-live="polite">
          {text.length > max
            ? t(file ? 'reply.captionTooLong' : 'reply.tooLong', { max })
            : file
              ? t('reply.caption')
              : parts > 1
                ? t('reply.split', { limit: TELEGRAM_TEXT_LIMIT, parts })
                : t('reply.hint')}
        </span>
        <button type="submit" class="primary" disabled={sending || !ready}>
          {sending ? t('reply.sending') : t('reply.send')}
        </button>
      </div>
    </form>
  );
}
