import { readFileSync } from 'node:fs';
import { Browser, Page } from 'playwright-core';
import { Client } from 'pg';
import { TelegramEmulator } from '@app/telegram-emulator';
import { TestEnvironment, freePort } from '@app/testing';
import { Stack, migrate } from '../scripts/stack/stack';
import { launchChromium, screenshotPath } from './browser/chromium';

/**
 * The console's reports in a real browser over the whole desk: a small fixed data set (January 2026, UTC) whose
 * figures were worked out by hand, read as a team lead reads them, by role and label.
 */
describe('agent console: reports in Chromium', () => {
  let env: TestEnvironment;
  let telegram: TelegramEmulator;
  let stack: Stack;
  let gateway: string;
  let browser: Browser;
  const logs: string[] = [];
  const serverErrors: string[] = [];
  const admin = { email: 'admin@desk.test', password: 'correct horse battery', name: 'Admin' };
  const lead = { email: 'lena@desk.test', password: 'lena secret 123', name: 'Lena Lead' };
  const olga = { email: 'olga@desk.test', password: 'olga secret 123', name: 'Olga Agent' };
  const pavel = { email: 'pavel@desk.test', password: 'pavel secret 123', name: 'Pavel Agent' };

  beforeAll(async () => {
    env = await TestEnvironment.create();
    telegram = await TelegramEmulator.start();
    const [gatewayPort, botPort, ticketPort] = await Promise.all([freePort(), freePort(), freePort()]);
    const serviceEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      ENV_FILE: '/nonexistent/.env',
      ...env.env({ LOG_LEVEL: 'warn' }),
      GATEWAY_PORT: String(gatewayPort),
      BOT_PORT: String(botPort),
      TICKET_SERVICE_PORT: String(ticketPort),
      JWT_SECRET: 'console-reports-test-secret-0123456789',
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_MODE: 'polling',
    };
    gateway = `http://127.0.0.1:${gatewayPort}`;
    await migrate(serviceEnv);
    stack = new Stack(serviceEnv, (line) => logs.push(line));
    await stack.start((name, code) => logs.push(`!! ${name} exited with ${code}`));
    browser = await launchChromium();

    const token = (await api('POST', '/auth/login', { email: admin.email, password: admin.password })).body.accessToken;
    const ids: number[] = [];
    for (const employee of [lead, olga, pavel]) {
      const created = await api('POST', '/employees', { ...employee, role: 'agent' }, token);
      expect(created.status).toBe(201);
      ids.push(created.body.id);
    }
    await seedTickets(ids[1], ids[2]);
  });

  afterEach(() => {
    const errors = serverErrors.splice(0);
    const why = errors.length ? logs.filter((line) => /"level":50|error/i.test(line)).slice(-10) : [];
    expect({ errors, why }).toEqual({ errors: [], why: [] });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await telegram?.stop();
    await env?.dispose();
  });

  /** The data set of the ticket-service report spec, rows written as they would be after the fact. */
  async function seedTickets(olgaId: number, pavelId: number): Promise<void> {
    const tickets = [
      // assignee, created, first response, closed, rating, rated, first response due, resolution due
      [
        olgaId,
        '2026-01-05T10:00Z',
        '2026-01-05T10:02Z',
        '2026-01-05T11:00Z',
        5,
        '2026-01-05T11:05Z',
        '2026-01-05T10:30Z',
        '2026-01-05T14:00Z',
      ],
      [
        pavelId,
        '2026-01-05T12:00Z',
        '2026-01-05T12:10Z',
        '2026-01-06T12:00Z',
        3,
        '2026-01-06T12:10Z',
        '2026-01-05T12:30Z',
        '2026-01-05T16:00Z',
      ],
      [olgaId, '2026-01-06T09:00Z', '2026-01-06T09:40Z', null, null, null, '2026-01-06T09:30Z', null],
      [null, '2026-01-06T15:00Z', null, null, null, null, '2026-01-06T15:30Z', null],
      [pavelId, '2026-01-07T08:00Z', '2026-01-07T08:01Z', '2026-01-07T09:00Z', 1, '2026-01-07T09:01Z', null, null],
    ] as const;
    const db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    try {
      for (const [
        index,
        [assignee, created, answered, closed, rating, rated, firstDue, resolutionDue],
      ] of tickets.entries()) {
        const { rows } = await db.query(
          `INSERT INTO ticket.clients (telegram_id, chat_id, first_name) VALUES ($1, $1, 'Client') RETURNING id`,
          [777_100_000 + index],
        );
        await db.query(
          `INSERT INTO ticket.tickets (client_id, status, assignee_id, created_at, updated_at, first_response_at, closed_at,
             satisfaction_rating, rated_at, first_response_due_at, resolution_due_at)
           VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9, $10)`,
          [
            rows[0].id,
            closed ? 'closed' : 'in_progress',
            assignee,
            created,
            answered,
            closed,
            rating,
            rated,
            firstDue,
            resolutionDue,
          ],
        );
      }
    } finally {
      await db.end();
    }
  }

  it('shows a team lead the figures for a range per day and per agent, as a chart, a table and a CSV file', async () => {
    const page = await openConsole('en-US');
    await page.getByLabel('Email').fill(lead.email);
    await page.getByLabel('Password').fill(lead.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports' }).waitFor();

    const range = page.getByRole('form', { name: 'Report range' });
    await range.getByLabel('From').fill('2026-01-05');
    await range.getByLabel('To (inclusive)').fill('2026-01-06');
    await range.getByLabel('Group by').selectOption({ label: 'Day' });
    await range.getByRole('button', { name: 'Show' }).click();

    const totals = page.getByRole('term');
    await page
      .getByRole('table', { name: 'By day' })
      .getByRole('row', { name: /2026-01-06/ })
      .waitFor();
    expect(await totals.allInnerTexts()).toEqual([
      'Opened',
      'Closed',
      'First response, median',
      'First response, 90th percentile',
      'Resolution, median',
      'Resolution, 90th percentile',
      'Targets missed',
      'Average rating',
      'Ratings',
    ]);
    // over the whole range: first responses of 2, 10 and 40 min; resolutions of 1 h and 1 d
    expect(await page.getByRole('definition').allInnerTexts()).toEqual([
      '4',
      '2',
      '10 min',
      '34 min',
      '12 h 30 min',
      '21 h 42 min', // 1 h + 0.9 × 23 h
      '3',
      '4',
      '2',
    ]);
    expect(await page.getByLabel('Average rating', { exact: true }).innerText()).toBe('4');
    expect(await page.getByRole('list', { name: 'Ratings by score' }).getByRole('listitem').allInnerTexts()).toEqual([
      '1 ★: 0',
      '2 ★: 0',
      '3 ★: 1',
      '4 ★: 0',
      '5 ★: 1',
    ]);
    expect(await page.getByRole('img').getAttribute('aria-label')).toBe(
      'Tickets opened and closed. 2026-01-05: 2 opened, 1 closed; 2026-01-06: 2 opened, 1 closed',
    );
    const byDay = page.getByRole('table', { name: 'By day' });
    expect(await cells(byDay.getByRole('row', { name: /2026-01-05/ }))).toEqual([
      '2026-01-05',
      '2',
      '1',
      '6 min',
      '9 min',
      '1 h',
      '1 h',
      '1',
      '5',
      '1',
    ]);
    expect(await cells(byDay.getByRole('row', { name: /2026-01-06/ }))).toEqual([
      '2026-01-06',
      '2',
      '1',
      '40 min',
      '40 min',
      '1 d',
      '1 d',
      '2',
      '3',
      '1',
    ]);
    await page.screenshot({ path: screenshotPath('reports-day-en-1280'), fullPage: true });

    await range.getByLabel('Group by').selectOption({ label: 'Agent' });
    await range.getByRole('button', { name: 'Show' }).click();
    const byAgent = page.getByRole('table', { name: 'By agent' });
    await byAgent.waitFor();
    expect(await byAgent.getByRole('rowheader').allInnerTexts()).toEqual(['Olga Agent', 'Pavel Agent', 'Unassigned']);
    expect(await cells(byAgent.getByRole('row', { name: /Olga Agent/ }))).toEqual([
      'Olga Agent',
      '2',
      '1',
      '21 min',
      '36 min',
      '1 h',
      '1 h',
      '1',
      '5',
      '1',
    ]);
    expect(await cells(byAgent.getByRole('row', { name: /Unassigned/ }))).toEqual([
      'Unassigned',
      '1',
      '0',
      '—',
      '—',
      '—',
      '—',
      '1',
      '—',
      '0',
    ]);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8').split('\r\n');
    expect(csv[0]).toBe(
      'key,opened,closed,firstResponseMedianSec,firstResponseP90Sec,resolutionMedianSec,resolutionP90Sec,slaBreaches,csatAverage,csatCount,csat1,csat2,csat3,csat4,csat5',
    );
    expect(csv.slice(1, 4).map((line) => line.split(',').slice(1, 8))).toEqual([
      ['2', '1', '1260', '2172', '3600', '3600', '1'],
      ['1', '1', '600', '600', '86400', '86400', '1'],
      ['1', '0', '', '', '', '', '1'],
    ]);
    expect(download.suggestedFilename()).toBe('report-agent-2026-01-05-2026-01-06.csv');

    // On a phone, in Russian: the same figures, the table scrolled rather than squeezed out of the page.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByLabel('Language').first().selectOption('ru');
    const period = page.getByRole('form', { name: 'Период отчёта' });
    await period.getByLabel('Группировать').selectOption({ label: 'По дням' });
    await period.getByRole('button', { name: 'Показать' }).click();
    await page
      .getByRole('table', { name: 'По дням' })
      .getByRole('row', { name: /2026-01-06/ })
      .waitFor();
    expect(await page.getByRole('term').allInnerTexts()).toContain('Решение, 90-й процентиль');
    expect(await page.getByRole('definition').allInnerTexts()).toContain('21 ч 42 мин');
    await page.screenshot({ path: screenshotPath('reports-day-ru-390') });
    await page.getByRole('table', { name: 'По дням' }).scrollIntoViewIfNeeded();
    // the wide table scrolls within its own box: the page beside it stays where it was
    expect((await page.getByRole('heading', { name: 'Отчёты' }).boundingBox())?.x).toBe(20);
    await page.screenshot({ path: screenshotPath('reports-day-table-ru-390') });
  });

  it('says in words why a range cannot be shown', async () => {
    const page = await openConsole('en-US');
    await page.getByLabel('Email').fill(lead.email);
    await page.getByLabel('Password').fill(lead.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('link', { name: 'Reports' }).click();
    const range = page.getByRole('form', { name: 'Report range' });
    await range.getByLabel('From').fill('2026-01-07');
    await range.getByLabel('To (inclusive)').fill('2026-01-05');
    await range.getByRole('button', { name: 'Show' }).click();
    expect(await page.getByRole('alert').innerText()).toBe('Please check the input: from must be before to');
  });

  async function cells(row: ReturnType<Page['getByRole']>): Promise<string[]> {
    return row.getByRole('cell').or(row.getByRole('rowheader')).allInnerTexts();
  }

  async function openConsole(locale: string): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    page.on('response', (response) => {
      if (response.status() >= 500)
        serverErrors.push(`${response.request().method()} ${response.url()} → ${response.status()}`);
    });
    page.setDefaultTimeout(15_000);
    await page.goto(`${gateway}/`);
    return page;
  }

  async function api(method: string, path: string, body?: unknown, token?: string) {
    const response = await fetch(gateway + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
});
