import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Message } from '../api/types';
import type { OpenTicket } from '../state/store';
import { Attachment } from './attachment';
import { useDesk } from './context';
import { employeeName, formatTime } from './format';
import { EditedMark, ReplyQuote } from './message-context';

/** Kinds other engineers add to the API (notes, system notices) are compared as text until every build has them. */
const kindOf = (message: Message): string => message.kind;

export function Conversation({ open }: { open: OpenTicket }) {
  const { desk, state, t } = useDesk();
  const log = useRef<HTMLDivElement>(null);
  const lastId = open.messages.at(-1)?.id;
  const firstId = open.messages[0]?.id;
  const previous = useRef<{ lastId?: number; firstId?: number; height: number }>({ height: 0 });

  // New messages at the end scroll into view; earlier ones loaded at the top keep the reader where they were.
  useLayoutEffect(() => {
    const element = log.current;
    if (!element) return;
    const before = previous.current;
    if (before.firstId !== undefined && firstId !== before.firstId && lastId === before.lastId) {
      element.scrollTop += element.scrollHeight - before.height;
    } else if (lastId !== before.lastId) {
      element.scrollTop = element.scrollHeight;
    }
    previous.current = { lastId, firstId, height: element.scrollHeight };
  }, [lastId, firstId]);

  const me = state.session?.me.id;
  return (
    <div
      class="conversation"
      role="log"
      aria-label={t('ticket.conversation')}
      ref={log}
      tabIndex={0}
      onScroll={(event) => (event.currentTarget as HTMLDivElement).scrollTop < 40 && void desk.loadOlder()}
    >
      {open.olderCursor ? (
        <button type="button" class="older" onClick={() => void desk.loadOlder()}>
          {t('ticket.older')}
        </button>
      ) : (
        open.ticket && (
          <p class="system-line">
            {t('ticket.beginning')} · {t('ticket.botTold', { id: open.ticket.id })}
          </p>
        )
      )}
      {open.messages.map((message) => {
        const kind = kindOf(message);
        if (kind === 'system')
          return (
            <p class="system-line">
              {t('message.bot')}: {message.text ?? t('message.botSending')}
            </p>
          );
        const author =
          message.direction === 'inbound'
            ? t('message.client')
            : message.employeeId === me
              ? t('message.you')
              : (employeeName(state.employees, message.employeeId) ?? t('message.agent'));
        return (
          <article
            class={`message ${kind === 'note' ? 'note' : message.direction}`}
            aria-label={`${kind === 'note' ? t('message.note') : author}`}
          >
            <header>
              <span class="author">{kind === 'note' ? `${t('message.note')} · ${author}` : author}</span>
              <time dateTime={message.createdAt}>{formatTime(message.createdAt, state.language)}</time>
            </header>
            <ReplyQuote message={message} messages={open.messages} />
            {message.attachment ? (
              <Attachment message={{ ...message, attachment: message.attachment }} />
            ) : (
              kind !== 'text' && kind !== 'note' && <p class="kind">{t('message.kind', { kind })}</p>
            )}
            {message.text && <p class="text">{message.text}</p>}
            <EditedMark message={message} />
            {message.direction === 'outbound' && message.deliveryStatus && (
              <p class={`delivery delivery-${message.deliveryStatus}`}>
                {message.deliveryStatus === 'failed'
                  ? message.deliveryError
                    ? t('message.failed', { reason: message.deliveryError })
                    : t('message.failedNoReason')
                  : t(`message.${message.deliveryStatus}`)}
              </p>
            )}
          </article>
        );
      })}
    </div>
  );
}
