import { Browser, Page, chromium } from 'playwright-core';
import { TelegramEmulator } from '@app/telegram-emulator';
import { eventually, freePort } from '@app/testing';
import { startSandbox } from '../scripts/sandbox/sandbox';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

type Update = {
  update_id: number;
  message: { from: { id: number; first_name: string; username?: string }; text?: string };
};

/**
 * The sandbox chat page in a real browser, as a person uses it (by role and label), against the sandbox
 * `npm start` runs. The bot's side is played over the Bot API, as bot-service would.
 */
describe('the Telegram sandbox page', () => {
  let browser: Browser;
  let page: Page;
  let sandbox: TelegramEmulator;
  let port: number;
  let ivan: number;

  const bot = async (method: string, body: object) => {
    const response = await fetch(`${sandbox.apiRoot}/bot${sandbox.token}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { ok: boolean; result: unknown; description?: string };
    if (!answer.ok) throw new Error(`${method}: ${answer.description}`);
    return answer;
  };
  const botReceives = async () => (await bot('getUpdates', { timeout: 0 })).result as Update[];
  const clientButton = (name: string) => page.getByRole('button', { name: new RegExp(`^(\\d+ new)?\\s*${name}`) });
  const chatText = () => page.locator('#chat').innerText();
  /** Polls until the assertions hold (the page polls the sandbox every 0.7 s). */
  const until = (assertions: () => Promise<void>, timeoutMs = 15_000) =>
    eventually(
      async () => {
        await assertions();
        return true;
      },
      { timeoutMs },
    );

  beforeAll(async () => {
    port = await freePort();
    sandbox = await startSandbox(port);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
  });

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
  });

  it('with no client yet, keeps /start, Photo and Send disabled and says what to do first', async () => {
    for (const name of ['/start', 'Photo', 'Send'])
      expect(await page.getByRole('button', { name, exact: true }).isDisabled()).toBe(true);
    expect(await page.getByLabel('Message').isDisabled()).toBe(true);
    expect(await page.getByText('Add a client on the left first').isVisible()).toBe(true);
  });

  it('gives a client with a Cyrillic name no username, as Telegram allows, and a Latin one a username', async () => {
    await page.getByLabel("Client's first name").fill('Иван');
    await page.getByLabel("Client's language").selectOption('ru');
    await page.getByRole('button', { name: 'Add client' }).click();
    expect(await page.getByRole('button', { name: '/start', exact: true }).isDisabled()).toBe(false);
    expect(await page.getByText('Add a client on the left first').isVisible()).toBe(false);
    await page.getByLabel('Message').fill('Принтер не печатает');
    await page.getByRole('button', { name: 'Send', exact: true }).click();

    await page.getByLabel("Client's first name").fill('Anna Lee');
    await page.getByLabel("Client's language").selectOption('en');
    await page.getByRole('button', { name: 'Add client' }).click();
    await page.getByLabel('Message').fill('Hello');
    await page.getByRole('button', { name: 'Send', exact: true }).click();

    const updates = await eventually(async () => {
      const received = await botReceives();
      return received.length === 2 && received;
    });
    expect(
      updates.map((update) => [update.message.from.first_name, update.message.from.username, update.message.text]),
    ).toEqual([
      ['Иван', undefined, 'Принтер не печатает'],
      ['Anna Lee', 'anna_lee', 'Hello'],
    ]);
    expect(await clientButton('Иван').innerText()).toContain('no username');
    ivan = updates[0].message.from.id;
  });

  it('marks another client’s chat unread when the bot writes to it, until it is opened', async () => {
    await bot('sendMessage', { chat_id: ivan, text: 'Создано обращение #1. Сотрудник ответит вам здесь.' });

    await until(async () => expect(await clientButton('Иван').innerText()).toMatch(/^1 new/));
    expect(await clientButton('Anna Lee').innerText()).not.toMatch(/new/);

    await clientButton('Иван').click();
    await until(async () => expect(await chatText()).toContain('Создано обращение #1.'));
    expect(await clientButton('Иван').innerText()).not.toMatch(/new/);
  });

  it('keeps both sides of the chat across a sandbox restart, says so, and shows what the bot sends afterwards', async () => {
    await sandbox.stop();
    sandbox = await startSandbox(port); // as `npm start` run again: the bot's earlier messages are gone from the sandbox
    // The first call may meet a kept-alive connection to the old run, closed before it was read: try again.
    await eventually(() => bot('sendMessage', { chat_id: ivan, text: 'Статус обращения #1: В работе' }));

    await until(async () => expect(await chatText()).toContain('Статус обращения #1: В работе'));
    const chat = await chatText();
    expect(chat).toContain('Принтер не печатает');
    expect(chat).toContain('Создано обращение #1.');
    expect(chat).toContain('The sandbox restarted');
    expect(chat.indexOf('Создано обращение #1.')).toBeLessThan(chat.indexOf('The sandbox restarted'));
    expect(chat.indexOf('The sandbox restarted')).toBeLessThan(chat.indexOf('Статус обращения #1: В работе'));

    await page.reload();
    await until(async () => expect(await chatText()).toContain('Статус обращения #1: В работе'));
    expect((await chatText()).match(/Статус обращения #1: В работе/g)).toHaveLength(1);
    expect(await chatText()).toContain('Создано обращение #1.');
  });
});
