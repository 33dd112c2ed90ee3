import { readFileSync } from 'node:fs';
import { Browser, Page } from 'playwright-core';
import { clientUser } from '@app/telegram-emulator';
import { TEST_ADMIN, eventually } from '@app/testing';
import { launchChromium, screenshotPath } from '../browser/chromium';
import { MediaStack } from './media-stack';
import { noisePng, paddedPdf, sha256 } from './sample-files';

/** What the page's <img> says of its bytes (the tests' types have no DOM). */
type LoadedImage = { complete: boolean; naturalWidth: number; naturalHeight: number };

/**
 * Files in the agent console, in a real browser over the whole desk: a client's photo shown in place, a
 * document to download, a voice to play, a file still coming or too large said in words, a client's edit
 * and Telegram reply shown as such, and a file the agent attaches to a reply reaching the client intact.
 */
describe('agent console: media both ways, in Chromium', () => {
  let stack: MediaStack;
  let browser: Browser;
  let page: Page;
  /** every 5xx the console received: none is expected here */
  const serverErrors: string[] = [];

  beforeAll(async () => {
    stack = await MediaStack.start();
    browser = await launchChromium();
    const context = await browser.newContext({
      locale: 'en-US',
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('response', (response) => {
      if (response.status() >= 500)
        serverErrors.push(`${response.request().method()} ${response.url()} → ${response.status()}`);
    });
    await page.goto(`${stack.gateway}/`);
    await page.getByLabel('Email').fill(TEST_ADMIN.email);
    await page.getByLabel('Password').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('list', { name: 'Ticket list' }).waitFor();
  }, 240_000);

  afterEach(() => {
    expect(serverErrors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const openTicket = async (ticketId: number) => {
    await page.goto(`${stack.gateway}/console/#/tickets/${ticketId}`);
    await page.getByRole('heading', { name: `Ticket #${ticketId}` }).waitFor();
    return page.getByRole('log', { name: 'Conversation' });
  };

  it("shows a client's photo in place and offers their PDF as a download of the same bytes", async () => {
    const client = clientUser('Lena');
    const png = noisePng(160, 120);
    const pdf = paddedPdf(1_250_000);
    stack.telegram.clientSends(client, { photo: { bytes: png }, caption: 'the error screen' });
    stack.telegram.clientSends(client, {
      document: { file_name: 'report.pdf', mime_type: 'application/pdf', bytes: pdf },
    });
    const ticketId = await stack.ticketOf(client);
    await stack.waitForMessage(ticketId, (m) => m.kind === 'document' && m.attachment?.state === 'ready', 'pdf stored');

    const conversation = await openTicket(ticketId);
    const photo = conversation.getByRole('img', { name: 'Photo from client' });
    await photo.waitFor();
    await eventually(
      () =>
        photo.evaluate(
          (image) => (image as unknown as LoadedImage).complete && (image as unknown as LoadedImage).naturalWidth,
        ),
      {
        message: 'the photo’s bytes loaded',
      },
    );
    expect(
      await photo.evaluate((image) => [
        (image as unknown as LoadedImage).naturalWidth,
        (image as unknown as LoadedImage).naturalHeight,
      ]),
    ).toEqual([160, 120]);
    await conversation.getByText('the error screen').waitFor();

    const download = conversation.getByRole('button', { name: 'Download report.pdf (1.2 MB)' });
    const [saved] = await Promise.all([page.waitForEvent('download'), download.click()]);
    expect(saved.suggestedFilename()).toBe('report.pdf');
    expect(sha256(readFileSync((await saved.path())!))).toBe(sha256(pdf));
    await page.screenshot({ path: screenshotPath('console-media-client-files') });

    // The same conversation on a phone, in Russian: the photo fits, the download says so in Russian.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByLabel('Language').first().selectOption('ru');
    await page.getByRole('button', { name: /^Скачать report\.pdf/ }).waitFor();
    await page.getByText('the error screen').waitFor();
    await page.screenshot({ path: screenshotPath('console-media-client-files-ru-390') });
    await page.getByLabel('Язык').first().selectOption('en');
    await page.setViewportSize({ width: 1280, height: 900 });
    await download.waitFor();
  });

  it('says in words a file still coming and one too large, and shows the file once it has come', async () => {
    const client = clientUser('Gleb');
    stack.telegram.setDownloadPace(50_000);
    try {
      stack.telegram.clientSends(client, { photo: { bytes: noisePng(600, 400) } });
      const ticketId = await stack.ticketOf(client);
      const conversation = await openTicket(ticketId);
      await conversation.getByText('Photo: receiving…').waitFor();
      stack.telegram.setDownloadPace(undefined);
      // no reload: the console is told the file has come
      const photo = conversation.getByRole('img', { name: 'Photo from client' });
      await photo.waitFor({ timeout: 30_000 });
      await eventually(() => photo.evaluate((image) => (image as unknown as LoadedImage).naturalWidth), {
        message: 'photo loaded',
      });
      expect(await conversation.getByText('Photo: receiving…').count()).toBe(0);

      stack.telegram.clientSends(client, {
        document: { file_name: 'video.zip', mime_type: 'application/zip', bytes: Buffer.alloc(21 * 1024 * 1024, 3) },
      });
      await conversation.getByText('video.zip: too large to receive (over 20 MB)').waitFor({ timeout: 30_000 });

      stack.telegram.clientSends(client, { voice: { duration: 4 } });
      await conversation.getByRole('button', { name: 'Play Voice message' }).click({ timeout: 30_000 });
      await conversation.getByLabel('Voice message').waitFor();
    } finally {
      stack.telegram.setDownloadPace(undefined);
    }
  });

  it("marks a client's edit, keeping the earlier text, and quotes what a client's reply answers", async () => {
    const client = clientUser('Marta');
    const first = stack.telegram.clientSends(client, { text: 'Order 123 is late' });
    const ticketId = await stack.ticketOf(client);
    await stack.waitForMessage(ticketId, (m) => m.text === 'Order 123 is late', 'first message');
    const conversation = await openTicket(ticketId);
    await conversation.getByText('Order 123 is late').waitFor();

    stack.telegram.clientEdits(first.message.message_id, { text: 'Order 124 is late' });
    stack.telegram.clientSends(client, { text: 'Any news?', replyTo: first.message.message_id });

    // live, no reload: the new text, marked edited, the earlier one behind it
    await conversation.getByText('Order 124 is late', { exact: true }).first().waitFor();
    const edited = conversation.getByText(/^edited /);
    await edited.click();
    await conversation.getByRole('list', { name: 'Earlier versions' }).getByText('Order 123 is late').waitFor();
    const answer = conversation.getByRole('article').filter({ hasText: 'Any news?' });
    await answer.getByLabel('In reply to').getByText('Order 124 is late').waitFor();
  });

  it('sends a file the agent attaches, with the reply text as its caption, and the client gets the same bytes', async () => {
    const client = clientUser('Ivan');
    stack.telegram.clientSends(client, { text: 'Could you send the contract?' });
    const ticketId = await stack.ticketOf(client);
    const conversation = await openTicket(ticketId);
    await conversation.getByText('Could you send the contract?').waitFor();

    const contract = paddedPdf(600_000);
    await page
      .getByLabel('Attach file')
      .setInputFiles({ name: 'contract.pdf', mimeType: 'application/pdf', buffer: contract });
    await page.getByRole('button', { name: /^Remove contract\.pdf/ }).waitFor();
    await page.getByLabel('Reply to the client').fill('Here is the contract');
    await page.getByRole('button', { name: 'Send' }).click();

    const received = await eventually(() => stack.telegram.botMessages(client.id).find((m) => m.file), {
      timeoutMs: 30_000,
      message: 'the file at the client',
    });
    expect(received).toMatchObject({
      text: 'Here is the contract',
      file: { kind: 'document', fileName: 'contract.pdf' },
    });
    expect(received.file!.sha256).toBe(sha256(contract));
    // the agent sees what they sent, downloadable, and the draft is empty again
    await conversation.getByRole('button', { name: /^Download contract\.pdf/ }).waitFor();
    await conversation.getByText('Delivered').waitFor({ timeout: 15_000 });
    expect(await page.getByLabel('Reply to the client').inputValue()).toBe('');
    // a file answers the client as a text does: the ticket no longer waits for a reply
    const row = page.getByRole('link', { name: new RegExp(`#${ticketId}\\b`) });
    await eventually(async () => !(await row.textContent())?.includes('Waiting for a reply'), {
      message: 'the ticket no longer waiting',
    });
    expect(await page.getByRole('button', { name: /^Remove contract\.pdf/ }).count()).toBe(0);
    await page.screenshot({ path: screenshotPath('console-media-agent-file') });
  });
});
