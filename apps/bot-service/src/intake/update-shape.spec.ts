import { telegramFrom } from '@app/telegram-emulator';
import { idsOf, updateShapeProblem } from './update-shape';

const good = {
  update_id: 10,
  message: {
    message_id: 1,
    date: 1_733_000_000,
    chat: { id: 501, type: 'private' },
    from: telegramFrom({ id: 501, first_name: 'A', language_code: 'en' }),
    text: 'hi',
  },
};
const withMessage = (message: unknown) => ({ update_id: 11, message });
const withChatId = (id: unknown) => withMessage({ ...good.message, chat: { id, type: 'private' } });

describe('updateShapeProblem', () => {
  it('accepts a message update, and kinds the bot does not read', () => {
    expect(updateShapeProblem(good)).toBeUndefined();
    expect(updateShapeProblem({ update_id: 12, callback_query: { id: 'x' } })).toBeUndefined();
  });

  it.each([
    ['message of {}', withMessage({}), /^message\.message_id/],
    ['message null', withMessage(null), /^message: Expected object, received null/],
    ['message a string', withMessage('hi'), /^message: Expected object/],
    ['no chat', withMessage({ message_id: 1, date: 1 }), /^message\.chat: Required/],
    ['chat.id "abc"', withChatId('abc'), /^message\.chat\.id: Expected number/],
    ['chat.id 1e30', withChatId(1e30), /^message\.chat\.id: must be a safe integer/],
    ['chat.id 1.5', withChatId(1.5), /^message\.chat\.id: Expected integer/],
    [
      'language_code an object',
      withMessage({ ...good.message, from: { id: 1, language_code: {} } }),
      /^message\.from\.language_code/,
    ],
    ['no update_id', { message: good.message }, /^update_id: Required/],
  ])('names what is wrong with %s', (_name, update, problem) => {
    expect(updateShapeProblem(update)).toMatch(problem);
  });

  it('reads what ids it can from any shape', () => {
    expect(idsOf(good)).toEqual({ updateId: 10, chatId: 501 });
    expect(idsOf(withChatId('abc'))).toEqual({ updateId: 11, chatId: null });
    expect(idsOf('nonsense')).toEqual({ updateId: null, chatId: null });
  });
});
