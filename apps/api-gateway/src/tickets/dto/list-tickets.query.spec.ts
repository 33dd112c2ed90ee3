import 'reflect-metadata';
import { ValidationPipe } from '@nestjs/common';
import { requestValidationPipe } from '../../http/validation';
import { ListTicketsQuery, acceptListTicketsQuery } from './list-tickets.query';

const asQuery = (search: string) => Object.fromEntries(new URLSearchParams(search));
const metadata = { type: 'query' as const, metatype: ListTicketsQuery };

/** The decorators' verdict alone, as before the quick check: the rule the quick check must keep to. */
async function byDecorators(value: object): Promise<{ value?: unknown; error?: string }> {
  const pipe = requestValidationPipe();
  try {
    return { value: { ...(await ValidationPipe.prototype.transform.call(pipe, value, metadata)) } };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

const QUERIES = [
  '',
  'limit=20',
  'limit=1&sort=createdAt&order=asc',
  'limit=100&status=open,in_progress&assigneeId=me',
  'status=%20open%20,open,,closed&assigneeId=none&sort=updatedAt&order=desc',
  'assigneeId=42&clientId=7&awaitingReply=true&slaBreached=false&priority=urgent,high&tag=delivery,refund',
  'q=%D0%B4%D0%BE%D1%81%D1%82%D0%B0%D0%B2%D0%BA%D0%B0&cursor=abc&sort=waitingSince&slaBreached=true',
  'sort=priority&awaitingReply=false',
  `q=${'x'.repeat(200)}`,
  `tag=${'t'.repeat(32)}`,
  `cursor=${'c'.repeat(512)}`,
  // refused by the decorators
  'limit=0',
  'limit=101',
  'limit=ten',
  'limit=2.5',
  'limit=0000007',
  'status=',
  'status=,',
  'status=open,pending',
  'priority=',
  'priority=soon',
  'tag=',
  `tag=${'t'.repeat(33)}`,
  `tag=${Array.from({ length: 21 }, (_, i) => `t${i}`).join(',')}`,
  'assigneeId=0',
  'assigneeId=someone',
  'assigneeId=9999999999',
  'clientId=0',
  'clientId=01',
  'q=',
  'q=%20%20',
  `q=${'x'.repeat(201)}`,
  `cursor=${'c'.repeat(513)}`,
  'awaitingReply=yes',
  'slaBreached=1',
  'sort=loudness',
  'order=up',
  'page=2',
  '__proto__=1',
];

describe('acceptListTicketsQuery', () => {
  it.each(QUERIES)('never accepts what the decorators refuse, and gives their values: %s', async (search) => {
    const raw = asQuery(search);
    const decided = await byDecorators(raw);
    const quick = acceptListTicketsQuery(raw);
    if (quick) expect({ value: { ...quick } }).toEqual(decided);
  });

  it('takes the common list queries without the decorators', () => {
    for (const search of QUERIES.slice(0, 11))
      expect(acceptListTicketsQuery(asQuery(search))).toBeInstanceOf(ListTicketsQuery);
  });

  it('leaves a repeated parameter and any unknown one to the decorators', () => {
    expect(acceptListTicketsQuery({ limit: ['1', '2'] })).toBeUndefined();
    expect(acceptListTicketsQuery({ status: ['open', 'closed'] })).toBeUndefined();
    expect(acceptListTicketsQuery({ page: '2' })).toBeUndefined();
  });

  it('is what the validation pipe uses for the list query, and the decorators still name what is wrong', async () => {
    const pipe = requestValidationPipe();
    await expect(pipe.transform(asQuery('status=open&limit=5'), metadata)).resolves.toEqual(
      Object.assign(new ListTicketsQuery(), { status: ['open'], limit: 5 }),
    );
    await expect(pipe.transform(asQuery('status=open,pending'), metadata)).rejects.toThrow(
      'status must be a comma-separated list of open, in_progress, closed',
    );
  });
});
