import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { ServiceName } from '@app/contracts';
import { rpcQueue } from '@app/messaging';

/**
 * There is no Docker engine or cluster here, so the operators' files are checked as far as a file can be:
 * every YAML and JSON parses, every Kubernetes object names its kind, the compose monitoring profile mounts
 * files that exist, and the alerts and dashboard ask only for metrics the services really export.
 */
const ROOT = resolve(__dirname, '../..');
const INFRA = join(ROOT, 'infra');

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, pattern);
    return pattern.test(name) ? [path] : [];
  });
}

/** Every `desk_*` metric family the code names ('desk_…' in a string literal). */
function exportedDeskMetrics(): Set<string> {
  const sources = [...filesUnder(join(ROOT, 'libs'), /\.ts$/), ...filesUnder(join(ROOT, 'apps'), /\.ts$/)];
  const names = sources.flatMap((path) =>
    [...readFileSync(path, 'utf8').matchAll(/'(desk_\w+)'/g)].map((match) => match[1]),
  );
  return new Set(names);
}

/** The metric families a PromQL expression reads (histogram suffixes folded into their family). */
function deskMetricsIn(expr: string): string[] {
  return [...expr.matchAll(/\b(desk_\w+?)(?:_bucket|_count|_sum)?\b(?=[\s{[)]|$)/g)].map((match) => match[1]);
}

const yamlFiles = filesUnder(INFRA, /\.ya?ml$/);
const k8sObjects = () =>
  filesUnder(join(INFRA, 'k8s'), /\.ya?ml$/)
    .filter((path) => !path.endsWith('.patch.yaml'))
    .flatMap((path) =>
      parseAllDocuments(readFileSync(path, 'utf8')).map((doc) => ({ path: relative(ROOT, path), object: doc.toJS() })),
    );

describe('infra: compose, Kubernetes, Prometheus and Grafana files', () => {
  it('parses every YAML file under infra/ without errors or warnings', () => {
    expect(yamlFiles.length).toBeGreaterThan(10);
    const problems = yamlFiles.flatMap((path) =>
      parseAllDocuments(readFileSync(path, 'utf8')).flatMap((doc) =>
        [...doc.errors, ...doc.warnings].map((issue) => `${relative(ROOT, path)}: ${issue.message}`),
      ),
    );
    expect(problems).toEqual([]);
  });

  it('gives every Kubernetes object an apiVersion, a kind and a name', () => {
    const incomplete = k8sObjects()
      .filter(({ object }) => !(object?.apiVersion && object?.kind && object?.metadata?.name))
      .map(({ path }) => path);
    expect(incomplete).toEqual([]);
    const kinds = new Set(k8sObjects().map(({ object }) => object.kind));
    for (const kind of [
      'ServiceMonitor',
      'PrometheusRule',
      'HorizontalPodAutoscaler',
      'ScaledObject',
      'PodDisruptionBudget',
    ]) {
      expect([kind, kinds.has(kind)]).toEqual([kind, true]);
    }
  });

  it('scrapes each Deployment on the port its container serves', () => {
    for (const { object } of k8sObjects().filter(({ object }) => object.kind === 'Deployment')) {
      const template = object.spec.template;
      const port = template.spec.containers[0].ports.find((p: { name: string }) => p.name === 'http').containerPort;
      expect([object.metadata.name, template.metadata.annotations?.['prometheus.io/port']]).toEqual([
        object.metadata.name,
        String(port),
      ]);
    }
  });

  it('scales ticket-service on the RPC queue it consumes', () => {
    const scaled = k8sObjects().find(({ object }) => object.kind === 'ScaledObject')!.object;
    const trigger = scaled.spec.triggers.find((t: { type: string }) => t.type === 'rabbitmq');
    expect(trigger.metadata.queueName).toBe(rpcQueue(ServiceName.TicketService));
  });

  it('keeps the Kubernetes PrometheusRule identical to the compose alerts', () => {
    const compose = parseYaml(readFileSync(join(INFRA, 'prometheus/alerts.yml'), 'utf8'));
    const rule = k8sObjects().find(({ object }) => object.kind === 'PrometheusRule')!.object;
    expect(rule.spec.groups).toEqual(compose.groups);
  });

  it('alerts and draws only metrics the services export', () => {
    const exported = exportedDeskMetrics();
    const rules: { alert: string; expr: string }[] = parseYaml(
      readFileSync(join(INFRA, 'prometheus/alerts.yml'), 'utf8'),
    ).groups.flatMap((group: { rules: unknown[] }) => group.rules);
    const alerts = rules.map((rule) => rule.expr);
    const dashboard = JSON.parse(readFileSync(join(INFRA, 'grafana/dashboards/service-desk.json'), 'utf8'));
    const panels = dashboard.panels.flatMap((panel: { targets?: { expr: string }[] }) =>
      (panel.targets ?? []).map((target) => target.expr),
    );
    const asked = [...alerts, ...panels].flatMap(deskMetricsIn);
    expect(asked.length).toBeGreaterThan(20);
    expect([...new Set(asked.filter((name) => !exported.has(name)))]).toEqual([]);
    expect(rules.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining([
        'DeskOutboxBacklogOld',
        'DeskDeadLetters',
        'DeskBotForwardBacklogGrowing',
        'DeskUpdatesSetAside',
        'DeskTelegram429Rate',
        'DeskRpcErrorRatio',
        'DeskPodsRestarting',
      ]),
    );
  });

  it('runs Prometheus, Grafana and Jaeger in the compose monitoring profile, mounting files that exist', () => {
    const compose = parseYaml(readFileSync(join(INFRA, 'docker-compose.yml'), 'utf8'));
    for (const name of ['prometheus', 'grafana', 'jaeger']) {
      const service = compose.services[name];
      expect([name, service.profiles]).toEqual([name, ['monitoring']]);
      for (const volume of (service.volumes ?? []) as string[]) {
        const source = volume.split(':')[0];
        if (source.startsWith('.')) expect([volume, existsSync(resolve(INFRA, source))]).toEqual([volume, true]);
      }
    }
    const prometheus = parseYaml(readFileSync(join(INFRA, 'prometheus/prometheus.yml'), 'utf8'));
    const targets = prometheus.scrape_configs.flatMap((job: { static_configs: { targets: string[] }[] }) =>
      job.static_configs.flatMap((c) => c.targets),
    );
    expect(targets).toEqual(expect.arrayContaining(['api-gateway:3000', 'ticket-service:3002', 'bot-service:3001']));
  });
});
