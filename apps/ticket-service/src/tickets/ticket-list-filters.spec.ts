import { CodedError, ErrorCode, ListTicketsSchema } from '@app/contracts';
import { listConditions, plansPerValue } from './ticket-list-filters';

const conditionsOf = (request: object) => {
  const params: unknown[] = [];
  const conditions = listConditions(ListTicketsSchema.parse(request), (value) => `$${params.push(value)}`);
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

  it('matches a search on the document, and "#42" or "42" also on the ticket id', () => {
    expect(conditionsOf({ q: 'printer' }).conditions).toEqual([`search @@ plainto_tsquery('russian', $1)`]);
    expect(conditionsOf({ q: '#42' })).toEqual({
      conditions: [`(id = $2 OR search @@ plainto_tsquery('russian', $1))`],
      params: ['#42', 42],
    });
    expect(conditionsOf({ q: '42' }).params).toEqual(['42', 42]);
    expect(conditionsOf({ q: '#42 printer' }).conditions).toEqual([`search @@ plainto_tsquery('russian', $1)`]);
  });

  it('plans a page for its values only when the values change the best plan (search, tags)', () => {
    expect(plansPerValue(ListTicketsSchema.parse({ q: 'x' }))).toBe(true);
    expect(plansPerValue(ListTicketsSchema.parse({ tags: ['vip'] }))).toBe(true);
    expect(plansPerValue(ListTicketsSchema.parse({ priority: ['urgent'], awaitingReply: true }))).toBe(false);
  });
});
