import { TicketView } from '@app/contracts';
import { Session } from './gateway-harness';

/** Follows nextCursor from `path` to the end; the ids in page order, each page checked to be distinct from the others. */
export async function walk(session: Session, path: string): Promise<number[]> {
  const ids: number[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const response = await session.get(
      cursor ? `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}` : path,
    );
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    ids.push(...response.body.items.map((ticket: TicketView) => ticket.id));
    cursor = response.body.nextCursor;
    if (!cursor) {
      expect(new Set(ids).size).toBe(ids.length);
      return ids;
    }
  }
  throw new Error('pagination did not end');
}
