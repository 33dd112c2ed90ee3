/**
 * The Telegram sandbox on its own (the docker-compose `sandbox` profile): the Bot API emulator and the chat
 * page. `npm start` starts it by itself when there is no bot token.
 */
import { portTakenMessage } from '../stack/ports';
import { startSandbox } from './sandbox';

const port = Number(process.env.SANDBOX_PORT ?? 8080);
const host = process.env.SANDBOX_HOST ?? '127.0.0.1';

void startSandbox(port, host).then(
  (sandbox) => {
    process.stdout.write(`Telegram sandbox on http://${host}:${sandbox.port} (bot token: ${sandbox.token})\n`);
    const stop = () => void sandbox.stop().then(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  },
  (error: NodeJS.ErrnoException) => {
    const reason =
      error.code === 'EADDRINUSE' ? portTakenMessage({ port, host, variable: 'SANDBOX_PORT' }) : error.message;
    process.stderr.write(`The sandbox did not start: ${reason}\n`);
    process.exit(1);
  },
);
