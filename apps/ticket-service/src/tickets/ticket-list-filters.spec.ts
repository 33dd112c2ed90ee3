import { CodedError, ErrorCode, ListTicketsSchema } from '@app/contracts';
import { listConditions, plansPerValue } from './ticket-list-filters';

const conditionsOf = (request: object, words: string[] = []) => {
  const params: unknown[] = [];
  const conditions = listConditions(ListTicketsSchema.parse(request), (value) => `$${params.push(value)}`, words);
  return { conditions, params };
};

describe('listConditions', () => {
  it('sorting by waitingSince lists only tickets awaiting a reply, and refuses awaitingReply=false', () => {
    expect(conditionsOf({ sort: 'waitingSince' }).conditions).toEqual(['waiting_since IS NOT NULL']);
    expect(conditionsOf({ sort: 'waitingSince', awaitingReply: true }).conditions).toEqual([
      'waiting_since IS NOT NULL',
    ]);
    let error: unknown;
    try {
      conditionsOf({ sort: 'waitingSince', awaitingReply: false });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CodedError);
    expect((error as CodedError).code).toBe(ErrorCode.ValidationFailed);
  });

  it('normalises tags, turns priorities into ranks, and takes each once', () => {
    expect(conditionsOf({ tags: [' VIP', 'vip', 'Delivery'], priority: ['urgent', 'low', 'urgent'] })).toEqual({
      conditions: ['priority = ANY($1::smallint[])', 'tags @> $2::text[]'],
      params: [
        [3, 0],
        ['vip', 'delivery'],
      ],
    });
  });

  it('matches a search word by word on the messages, and "#42" or "42" also on the ticket id', () => {
    const withWord = (n: number) => `SELECT ticket_id FROM ticket.messages WHERE search @@ $${n}::tsquery`;
    expect(conditionsOf({ q: 'printers' }, ["'printer'"])).toEqual({
      conditions: [`id IN (${withWord(1)})`],
      params: ["'printer'"],
    });
    expect(conditionsOf({ q: 'jammed printers' }, ["'jam'", "'printer'"]).conditions).toEqual([
      `id IN (${withWord(1)})`,
      `id IN (${withWord(2)})`,
    ]);
    expect(conditionsOf({ q: '#42' }, ["'42'"])).toEqual({
      conditions: [`id IN (SELECT $1::integer UNION ALL ${withWord(2)})`],
      params: [42, "'42'"],
    });
    expect(conditionsOf({ q: '42' }, ["'42'"]).params).toEqual([42, "'42'"]);
    expect(conditionsOf({ q: '#42 printer' }, ["'42'", "'printer'"]).params).toEqual(["'42'", "'printer'"]);
    // only stop words: nothing matches
    expect(conditionsOf({ q: 'the' }, [])).toEqual({ conditions: ['false'], params: [] });
  });

  it('plans a page for its values only when the values change the best plan (search, tags)', () => {
    expect(plansPerValue(ListTicketsSchema.parse({ q: 'x' }))).toBe(true);
    expect(plansPerValue(ListTicketsSchema.parse({ tags: ['vip'] }))).toBe(true);
    expect(plansPerValue(ListTicketsSchema.parse({ priority: ['urgent'], awaitingReply: true }))).toBe(false);
  });
});
