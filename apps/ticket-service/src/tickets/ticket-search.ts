import { CodedError, ErrorCode } from '@app/contracts';

/** The text search configuration: Russian stemming, and English stemming for words in Latin letters. */
export const SEARCH_CONFIG = 'russian';

/**
 * The most words a search may hold after stemming. Each is a join of its own (a ticket matches when its
 * messages together hold every word), and past the planner's join limit (8) plans are no longer searched.
 */
export const MAX_SEARCH_WORDS = 8;

/** What a search's plan takes a random read to cost (see TicketQuery.search): as much as SSDs are usually given. */
export const SEARCH_RANDOM_PAGE_COST = 1.1;

/** SQL of a message's search document made of the text `textSql` evaluates to: stemmed words, no positions. */
export function searchDocumentSql(textSql: string): string {
  return `strip(to_tsvector('${SEARCH_CONFIG}', coalesce(${textSql}, '')))`;
}

/**
 * What search finds a file by: its whole name, and the words in it (Postgres's parser takes `warranty-kettle.pdf`
 * for one word).
 */
export function fileNameText(fileName: string): string {
  return `${fileName} ${fileName.replace(/[^\p{L}\p{N}]+/gu, ' ')}`;
}

/**
 * The distinct stemmed words of a search, as Postgres stems a message's text (stop words dropped), each as the
 * text of a tsquery matching that word alone. `transactionSettings` (the code's own names and values) are set
 * for the rest of the caller's transaction in the same round trip.
 */
export async function searchWords(
  manager: { query(sql: string, values?: unknown[]): Promise<unknown> },
  q: string,
  transactionSettings: Record<string, number> = {},
): Promise<string[]> {
  const settings = Object.entries(transactionSettings).map(
    ([name, value]) => `, set_config('${name}', '${value}', true)`,
  );
  const [{ words }] = (await manager.query(
    `SELECT tsvector_to_array(to_tsvector('${SEARCH_CONFIG}', $1)) AS words${settings.join('')}`,
    [q],
  )) as { words: string[] }[];
  if (words.length > MAX_SEARCH_WORDS) {
    throw new CodedError(
      ErrorCode.ValidationFailed,
      `q holds ${words.length} distinct words; search for at most ${MAX_SEARCH_WORDS}`,
    );
  }
  return words.map(wordQuery);
}

/** A lexeme quoted as tsquery input reads it: inside quotes a quote is doubled and a backslash escapes. */
function wordQuery(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
