import { createServer } from 'node:net';
import { serviceSpecs } from './stack';

/** A port `npm start` listens on, where, and the variable that moves it. */
export interface LauncherPort {
  port: number;
  host: string;
  variable: string;
}

/** Every port `npm start` opens: the three services (on every interface) and, without a bot token, the sandbox. */
export function launcherPorts(env: NodeJS.ProcessEnv, withSandbox: boolean): LauncherPort[] {
  const ports = serviceSpecs(env).map((spec) => ({ port: spec.port, host: '0.0.0.0', variable: spec.portVariable }));
  if (withSandbox) ports.push({ port: Number(env.SANDBOX_PORT ?? 8080), host: '127.0.0.1', variable: 'SANDBOX_PORT' });
  return ports;
}

/** True when something else listens there: tried by listening, as the service itself will. */
export function portIsTaken({ port, host }: LauncherPort): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' ? resolve(true) : reject(error),
    );
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(false)));
  });
}

/** The sentence a person needs when a port is taken: which variable to change. */
export function portTakenMessage({ port, variable }: LauncherPort): string {
  return `port ${port} is taken: set ${variable} (or stop what uses it), e.g. ${variable}=${port + 100} npm start`;
}

/** One line per taken port, or none when every port is free. */
export async function takenPorts(ports: LauncherPort[]): Promise<string[]> {
  const taken = await Promise.all(ports.map((port) => portIsTaken(port)));
  return ports.filter((_, i) => taken[i]).map(portTakenMessage);
}
