import { EventSourceMessage, createParser } from 'eventsource-parser';

export type LiveState = 'connecting' | 'live' | 'offline';

export interface LiveEventsHandlers {
  /** every (re)connection: what the console shows may have missed events, so it re-reads */
  connected(): void;
  event(name: string, data: unknown): void;
  state(state: LiveState): void;
  /** the server ended the session's stream for good: token expired, employee deactivated */
  ended(reason: string): void;
}

const SESSION_ENDING = new Set(['token_expired', 'employee_deactivated']);
const MAX_BACKOFF_MS = 15_000;

/**
 * GET /events over fetch rather than EventSource, which cannot send an Authorization header (and a token
 * must never go into a URL). Reconnects with backoff; returns a function that stops it.
 */
export function openLiveEvents(token: string, handlers: LiveEventsHandlers): () => void {
  const abort = new AbortController();
  let failures = 0;

  const run = async () => {
    while (!abort.signal.aborted) {
      handlers.state(failures === 0 ? 'connecting' : 'offline');
      let endReason: string | null = null;
      try {
        const response = await fetch('/events', {
          headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
          signal: abort.signal,
        });
        if (response.status === 401) return handlers.ended('token_expired');
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        failures = 0;
        handlers.state('live');
        handlers.connected();
        const parser = createParser({
          onEvent(message: EventSourceMessage) {
            const data = JSON.parse(message.data) as unknown;
            if (message.event === 'stream.closed') endReason = (data as { reason: string }).reason;
            else if (message.event) handlers.event(message.event, data);
          },
        });
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parser.feed(value);
        }
      } catch {
        if (abort.signal.aborted) return;
      }
      if (endReason && SESSION_ENDING.has(endReason)) return handlers.ended(endReason);
      failures += 1;
      handlers.state('offline');
      await new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** failures, MAX_BACKOFF_MS)));
    }
  };
  void run();
  return () => abort.abort();
}
