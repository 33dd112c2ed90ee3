import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  /** sampled time, idle excluded, ms */
  busyMs: number;
  /** self time by package (node_modules/<name>), app code, node internals, GC */
  byPackage: { name: string; ms: number; percent: number }[];
  /** self time by function */
  byFunction: { name: string; ms: number; percent: number }[];
  /** inclusive time of app-code functions (dist/), i.e. with what they call */
  appInclusive: { name: string; ms: number; percent: number }[];
}

const packageOf = (url: string): string => {
  if (url === '') return '(native/vm)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  if (url.includes('/dist/apps/')) return '(app code, dist/)';
  if (url.startsWith('node:')) return '(node core)';
  return url;
};

const place = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, 'dist/');
  return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
};

/** Reads a V8 .cpuprofile (node --cpu-prof) and totals self time by package and by function. */
export function summarizeProfile(path: string, top = 20): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));

  const packages = new Map<string, number>();
  const functions = new Map<string, number>();
  const appInclusive = new Map<string, number>();
  let busyMs = 0;
  for (const [id, ms] of self) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') continue;
    busyMs += ms;
    const special = node.callFrame.functionName.startsWith('(');
    const pkg = special ? node.callFrame.functionName : packageOf(node.callFrame.url);
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
    functions.set(place(node), (functions.get(place(node)) ?? 0) + ms);
    // Charge the sample to every distinct app function on its stack.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!;
      if (!frame.callFrame.url.includes('/dist/apps/')) continue;
      const name = place(frame);
      if (seen.has(name)) continue;
      seen.add(name);
      appInclusive.set(name, (appInclusive.get(name) ?? 0) + ms);
    }
  }
  const ranked = (totals: Map<string, number>) =>
    [...totals]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), percent: Math.round((ms / busyMs) * 1000) / 10 }));
  return {
    file: path,
    busyMs: Math.round(busyMs),
    byPackage: ranked(packages),
    byFunction: ranked(functions),
    appInclusive: ranked(appInclusive),
  };
}

/** The .cpuprofile files in a folder, named by the service whose pid is in the file name. */
export function profilesIn(dir: string, pids: Map<number, string>): { service: string; path: string }[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.cpuprofile'))
    .map((file) => {
      const pid = Number(/^CPU\.\d+\.\d+\.(\d+)\./.exec(file)?.[1]);
      return { service: pids.get(pid) ?? `pid ${pid}`, path: join(dir, file) };
    });
}
