import amqp, { Channel, ChannelModel } from 'amqplib';
import { ErrorCode, ServiceName } from '@app/contracts';
import { rpcQueue } from '@app/messaging';
import { eventually } from '@app/testing';
import { clientUser } from '@app/telegram-emulator';
import { MAX_FORWARD_ATTEMPTS } from '../src/forwarding/update-forwarder';
import { BotStack } from './bot-stack';

/**
 * A ticket-service that answers every request with INTERNAL, as one with a bug for some data would: the
 * update must not be retried forever, holding its chat (issue 13, item 3).
 */
async function failingTicketService(url: string): Promise<{ requests: () => number; stop: () => Promise<void> }> {
  const connection: ChannelModel = await amqp.connect(url);
  const channel: Channel = await connection.createChannel();
  let requests = 0;
  await channel.consume(rpcQueue(ServiceName.TicketService), (message) => {
    if (!message) return;
    requests += 1;
    const { id } = JSON.parse(message.content.toString()) as { id: string };
    const reply = { id, err: { code: ErrorCode.Internal, message: 'Internal error' }, isDisposed: true };
    channel.sendToQueue(message.properties.replyTo as string, Buffer.from(JSON.stringify(reply)), {
      correlationId: message.properties.correlationId as string,
    });
    channel.ack(message);
  });
  return { requests: () => requests, stop: () => connection.close() };
}

describe('bot-service: ticket-service keeps failing on an update', () => {
  // what is set aside is logged as an error, which is expected here
  const stack = BotStack.forSpecFile((stack) => stack.startBot({ LOG_LEVEL: 'silent' }));

  it(`sets the update aside after ${MAX_FORWARD_ATTEMPTS} attempts, and the chat's next message then goes through`, async () => {
    const failing = await failingTicketService(stack.env.rabbitUrl);
    const user = clientUser('Bug');
    const poison = stack.telegram.clientSends(user, { text: 'ticket-service fails on this one' });
    const [kept] = await eventually(
      async () => {
        const rows = await stack.query<{ stage: string; reason: string }>(
          'SELECT stage, reason FROM bot.set_aside_updates WHERE update_id = $1',
          [poison.update_id],
        );
        return rows.length > 0 && rows;
      },
      { timeoutMs: 30_000, message: 'the update set aside' },
    );
    expect(kept).toEqual({
      stage: 'forward',
      reason: expect.stringMatching(new RegExp(`^failed ${MAX_FORWARD_ATTEMPTS} times`)),
    });
    expect(failing.requests()).toBeGreaterThanOrEqual(MAX_FORWARD_ATTEMPTS);
    await failing.stop();

    await stack.startTicketService();
    stack.telegram.clientSends(user, { text: 'and this one is fine' });
    const { messages } = await stack.waitForConversation(user, 1, 30_000);
    expect(messages.map((message) => message.text)).toEqual(['and this one is fine']);
  });
});
