import { Writable } from 'node:stream';
import pino from 'pino';
import { redactBotToken } from './redact-bot-token';

const TOKEN = '7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

describe('redactBotToken', () => {
  it('removes a bot token from a Bot API URL and on its own, and leaves other text alone', () => {
    expect(
      redactBotToken(`invalid json response body at https://api.telegram.org/bot${TOKEN}/sendMessage reason: x`),
    ).toBe('invalid json response body at https://api.telegram.org/bot<redacted-bot-token>/sendMessage reason: x');
    expect(redactBotToken(`TELEGRAM_BOT_TOKEN=${TOKEN}`)).toBe('TELEGRAM_BOT_TOKEN=<redacted-bot-token>');
    expect(redactBotToken('ticket #42 at 12:30:45, chat 123456789')).toBe('ticket #42 at 12:30:45, chat 123456789');
  });

  it('keeps the token out of every log line, however deep in an error it sits', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    // the same hook LoggingModule gives pino
    const logger = pino({ hooks: { streamWrite: redactBotToken } }, sink);

    logger.warn(
      { err: new Error(`request to https://api.telegram.org/bot${TOKEN}/getUpdates failed`) },
      'Polling stopped',
    );

    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('bot<redacted-bot-token>/getUpdates');
    expect(lines[0]).not.toContain(TOKEN.split(':')[1]);
  });
});
