import { TelegramEmulator } from '@app/telegram-emulator';
import { BenchStack } from './lib/bench-stack';
import { ResourceMonitor } from './lib/resources';
(async () => {
  const telegram = await TelegramEmulator.start();
  const stack = await BenchStack.start({ scenario: 'idle', services: ['ticket-service', 'api-gateway', 'bot-service'], telegram, env: { TELEGRAM_MODE: process.env.MODE ?? 'polling' } });
  for (let i = 0; i < 4; i++) {
    const m = new ResourceMonitor(stack.processes, stack.environment.name);
    await new Promise((r) => setTimeout(r, 10_000));
    const res = m.stop() as any;
    console.log(JSON.stringify(res.cpuPercent ?? res));
  }
  await stack.stop(); await telegram.stop();
  process.exit(0);
})();
