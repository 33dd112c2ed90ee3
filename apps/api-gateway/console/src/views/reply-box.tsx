import { useState } from 'preact/hooks';
import { TELEGRAM_TEXT_LIMIT, sendsOnKey, telegramParts } from '../state/reply-length';
import { useDesk } from './context';

/** The API's limit for one reply (REPLY_MAX_LENGTH). */
const REPLY_MAX = 20_000;

export function ReplyBox({ ticketId }: { ticketId: number }) {
  const { desk, t } = useDesk();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const parts = telegramParts(text);

  const send = async () => {
    if (!text.trim() || sending || text.length > REPLY_MAX) return;
    setSending(true);
    const sent = await desk.reply(ticketId, text);
    setSending(false);
    if (sent) setText('');
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
      <div class="reply-foot">
        <span id="reply-hint" class="hint" aria-live="polite">
          {text.length > REPLY_MAX
            ? t('reply.tooLong', { max: REPLY_MAX })
            : parts > 1
              ? t('reply.split', { limit: TELEGRAM_TEXT_LIMIT, parts })
              : t('reply.hint')}
        </span>
        <button type="submit" class="primary" disabled={sending || !text.trim()}>
          {sending ? t('reply.sending') : t('reply.send')}
        </button>
      </div>
    </form>
  );
}
