import type { Message } from '../api/types';
import { kindName } from './attachment';
import { useDesk } from './context';
import { formatTime } from './format';

const SNIPPET = 80;

/** "edited", opening onto the earlier versions of a client's message, oldest first. */
export function EditedMark({ message }: { message: Message }) {
  const { t, state } = useDesk();
  if (!message.editedAt) return null;
  return (
    <details class="edited">
      <summary>{t('message.edited', { at: formatTime(message.editedAt, state.language) })}</summary>
      <ol aria-label={t('message.earlierVersions')}>
        {message.edits.map((edit) => (
          <li>
            <time dateTime={edit.editedAt}>
              {t('message.until', { at: formatTime(edit.editedAt, state.language) })}
            </time>{' '}
            {edit.text ?? t('message.noText')}
          </li>
        ))}
      </ol>
    </details>
  );
}

/** What a client's Telegram reply answers: a quote of that message, when it is among those loaded. */
export function ReplyQuote({ message, messages }: { message: Message; messages: readonly Message[] }) {
  const { t } = useDesk();
  if (message.replyToMessageId === null) return null;
  const answered = messages.find((candidate) => candidate.id === message.replyToMessageId);
  const text = answered ? (answered.text ?? answered.attachment?.fileName ?? kindName(answered, t)) : null;
  return (
    <blockquote class="reply-to" aria-label={t('message.inReplyTo')}>
      {text === null ? t('message.inReplyToEarlier') : text.length > SNIPPET ? `${text.slice(0, SNIPPET)}…` : text}
    </blockquote>
  );
}
