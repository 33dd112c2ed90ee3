import { CodedError, ErrorCode } from '@app/contracts';
import { PositiveIntPipe } from './positive-int.pipe';

describe('PositiveIntPipe', () => {
  const pipe = new PositiveIntPipe();
  const metadata = { type: 'param' as const, data: 'id' };

  it.each([
    ['1', 1],
    ['42', 42],
    ['2147483647', 2_147_483_647],
  ])('reads %s as %i', (value, id) => {
    expect(pipe.transform(value, metadata)).toBe(id);
  });

  it.each(['0', '-1', '1.5', '1e3', '0x10', ' 7', 'abc', '', '2147483648', '99999999999'])(
    'refuses "%s" with VALIDATION_FAILED',
    (value) => {
      expect(() => pipe.transform(value, metadata)).toThrow(CodedError);
      expect(() => pipe.transform(value, metadata)).toThrow(
        expect.objectContaining({ code: ErrorCode.ValidationFailed }),
      );
    },
  );
});
