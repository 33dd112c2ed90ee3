import { spawn } from 'node:child_process';
import { connect } from 'node:net';

/**
 * What this machine charges for the two things the desk does most: moving a message between processes over
 * loopback TCP (every SQL statement, RPC and event is one), and running JavaScript. Machines of the same kind
 * differ here by 2–4× from one session to the next (bench/README.md), and every figure of the desk follows;
 * printed with each run so that a reader can tell the machine from the code.
 */
export interface MachineCalibration {
  /** one byte to another process and back over loopback TCP, µs of wall time (median of 10 rounds) */
  loopbackRoundTripMicros: number;
  /** the caller's own CPU for that round trip (its write, its read, and the kernel's work done for them), µs */
  loopbackCpuMicros: number;
  /** a page of 20 tickets through JSON.stringify and JSON.parse, µs of CPU (median of 10 rounds) */
  jsonPageMicros: number;
}

const ROUNDS = 10;
const ROUND_TRIPS = 2000;
const JSON_PAGES = 200;

const ECHO_SERVER = `
  const server = require('node:net').createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => socket.write(chunk));
  });
  server.listen(0, '127.0.0.1', () => console.log(server.address().port));
  process.stdin.on('end', () => process.exit(0)).resume();
`;

let measured: MachineCalibration | undefined;
let measuring: Promise<MachineCalibration> | undefined;

/** Measured once per benchmark process, before its first stack starts; `report` gets the line to print, once. */
export function calibrateMachine(report: (line: string) => void): Promise<MachineCalibration> {
  measuring ??= measure().then((calibration) => {
    measured = calibration;
    report(describeMachine(calibration));
    return calibration;
  });
  return measuring;
}

function describeMachine(calibration: MachineCalibration): string {
  return (
    `machine: loopback round trip to another process ${calibration.loopbackRoundTripMicros} µs ` +
    `(${calibration.loopbackCpuMicros} µs of the caller's CPU); a 20-ticket page through JSON ${calibration.jsonPageMicros} µs`
  );
}

/** The calibration if this process made one: stored with each result. */
export function machineCalibration(): MachineCalibration | undefined {
  return measured;
}

async function measure(): Promise<MachineCalibration> {
  const loopback = await loopbackRoundTrips();
  return { ...loopback, jsonPageMicros: jsonPageMicros() };
}

async function loopbackRoundTrips(): Promise<{ loopbackRoundTripMicros: number; loopbackCpuMicros: number }> {
  const server = spawn(process.execPath, ['-e', ECHO_SERVER], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    });
    const socket = connect({ port, host: '127.0.0.1', noDelay: true });
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const trips = (count: number) =>
      new Promise<void>((resolve) => {
        let left = count;
        const onData = () => {
          left -= 1;
          if (left > 0) socket.write('x');
          else {
            socket.off('data', onData);
            resolve();
          }
        };
        socket.on('data', onData);
        socket.write('x');
      });
    await trips(ROUND_TRIPS); // warm-up
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const cpuBefore = process.cpuUsage();
      const started = process.hrtime.bigint();
      await trips(ROUND_TRIPS);
      wall.push(Number(process.hrtime.bigint() - started) / 1000 / ROUND_TRIPS);
      const used = process.cpuUsage(cpuBefore);
      cpu.push((used.user + used.system) / ROUND_TRIPS);
    }
    socket.destroy();
    return { loopbackRoundTripMicros: round1(median(wall)), loopbackCpuMicros: round1(median(cpu)) };
  } finally {
    server.stdin.end();
    server.kill();
  }
}

function jsonPageMicros(): number {
  const page = {
    items: Array.from({ length: 20 }, (_, i) => ({
      id: 100_000 + i,
      status: 'open',
      client: {
        id: i,
        telegramId: 820_000_000 + i,
        username: null,
        firstName: `Client ${i}`,
        lastName: null,
        languageCode: 'en',
      },
      assigneeId: null,
      createdAt: '2026-11-26T09:15:00.000Z',
      updatedAt: '2026-11-26T09:20:00.000Z',
      closedAt: null,
      lastMessageAt: '2026-11-26T09:20:00.000Z',
      lastMessagePreview: 'My order has not arrived and the tracking page says nothing',
      priority: 'normal',
      tags: ['delivery'],
      awaitingReply: true,
      waitingSince: '2026-11-26T09:20:00.000Z',
      previousTicketId: null,
      firstResponseAt: null,
      firstResponseDueAt: '2026-11-26T10:15:00.000Z',
      resolutionDueAt: '2026-11-27T09:15:00.000Z',
      slaBreached: false,
      satisfaction: null,
    })),
    nextCursor: 'eyJzb3J0IjoidXBkYXRlZEF0Iiwib3JkZXIiOiJkZXNjIn0',
  };
  const pages = (count: number) => {
    for (let i = 0; i < count; i += 1) JSON.parse(JSON.stringify(page));
  };
  pages(JSON_PAGES); // warm-up: compiled before it is timed
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const before = process.cpuUsage();
    pages(JSON_PAGES);
    const used = process.cpuUsage(before);
    rounds.push((used.user + used.system) / JSON_PAGES);
  }
  return round1(median(rounds));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round1 = (value: number) => Math.round(value * 10) / 10;
