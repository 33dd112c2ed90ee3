import { NestExpressApplication } from '@nestjs/platform-express';
import { Desk, clientWrites, startDesk } from './desk-harness';
import { http } from './gateway-harness';

/** The console as the gateway serves it (built by `npm run build` into dist/console), and what it needs from the API. */
describe('api-gateway: the agent console', () => {
  let desk: Desk;
  let app: NestExpressApplication;

  beforeAll(async () => {
    desk = await startDesk();
    app = desk.app;
  });

  afterAll(async () => {
    await desk?.close();
  });

  it('redirects / and /console to /console/', async () => {
    for (const path of ['/', '/console']) {
      const response = await http(app).get(path).expect(302);
      expect(response.headers.location).toBe('/console/');
    }
  });

  it('serves the console under a strict CSP: its own bundled script and stylesheet, nothing inline, no CDN', async () => {
    const page = await http(app).get('/console/').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    const csp = page.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(page.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/); // every script is a file
    expect(page.text).not.toMatch(/\sstyle=|<style|https?:\/\//);

    const assets = [...page.text.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((match) => match[1]);
    expect(assets).toEqual(
      expect.arrayContaining([expect.stringMatching(/^app-\w+\.js$/), expect.stringMatching(/^app-\w+\.css$/)]),
    );
    for (const asset of assets) {
      const response = await http(app).get(`/console/${asset}`).expect(200);
      expect(response.headers['cache-control']).toContain('immutable');
    }
  });

  it('answers 404 for a file the console does not have', async () => {
    await http(app).get('/console/nothing-here.js').expect(404);
  });

  it('pages a conversation newest first, for the console to page backwards', async () => {
    const telegramId = desk.newTelegramId();
    const { ticketId } = await clientWrites(app, telegramId, 'one');
    await clientWrites(app, telegramId, 'two');
    await clientWrites(app, telegramId, 'three');
    // what the client wrote (the bot's notice of the new ticket is in the timeline too, as `system`)
    const text = (page: { body: { items: { text: string; kind: string }[] } }) =>
      page.body.items.filter((message) => message.kind !== 'system').map((message) => message.text);

    const newest = await desk.admin.get(`/tickets/${ticketId}/messages?order=desc&limit=2`).expect(200);
    expect(text(newest)).toEqual(['three', 'two']);
    const older = await desk.admin
      .get(`/tickets/${ticketId}/messages?order=desc&limit=2&cursor=${encodeURIComponent(newest.body.nextCursor)}`)
      .expect(200);
    expect(older.body).toMatchObject({ nextCursor: null });
    expect(text(older)).toEqual(['one']);
    await desk.admin.get(`/tickets/${ticketId}/messages?order=sideways`).expect(400);
  });
});
