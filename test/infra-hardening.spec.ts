import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { ROOT } from '../scripts/stack/stack';

/** The deployment files as an operator applies them: what they expose, to whom, and with which secrets. */
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
type Doc = Record<string, any>;
const k8s: Doc[] = readdirSync(join(ROOT, 'infra/k8s'))
  .filter((file) => file.endsWith('.yaml'))
  .flatMap((file) => parseAllDocuments(read(`infra/k8s/${file}`)).map((doc) => doc.toJS() as Doc));
const ofKind = (kind: string) => k8s.filter((doc) => doc?.kind === kind);
const podSpecs = () =>
  [...ofKind('Deployment'), ...ofKind('Job')].map((doc) => ({
    name: doc.metadata.name as string,
    spec: doc.spec.template.spec,
  }));
const containersOf = (spec: Doc): Doc[] => [...(spec.initContainers ?? []), ...spec.containers];

describe('docker compose', () => {
  const compose = parseYaml(read('infra/docker-compose.yml')) as Doc;
  const text = read('infra/docker-compose.yml');

  it('publishes admin ports (the RabbitMQ UI, the sandbox) on 127.0.0.1 only', () => {
    expect(compose.services.rabbitmq.ports).toEqual(['127.0.0.1:15672:15672']);
    expect(compose.services['telegram-sandbox'].ports).toEqual(['127.0.0.1:8080:8080']);
  });

  it('writes no credential: every password comes from .env, and a missing one stops `up`', () => {
    expect(text).not.toMatch(/guest/);
    expect(compose.services.postgres.environment.POSTGRES_PASSWORD).toBe(
      '${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}',
    );
    expect(compose.services.rabbitmq.environment.RABBITMQ_DEFAULT_PASS).toBe(
      '${RABBITMQ_PASSWORD:?set RABBITMQ_PASSWORD in .env}',
    );
    for (const url of Object.values(compose['x-service-env'] as Record<string, string>).filter((value) =>
      value.includes('://'),
    )) {
      expect(url).toMatch(/^\w+:\/\/\$\{\w+:-servicedesk\}:\$\{\w+_PASSWORD:\?[^}]+\}@/);
    }
  });
});

describe('Dockerfile', () => {
  it('builds on a maintained Node LTS pinned by digest', () => {
    const image = /^ARG NODE_IMAGE=(.+)$/m.exec(read('infra/Dockerfile'))?.[1];
    expect(image).toMatch(/^node:(22|24)-[\w-]+@sha256:[0-9a-f]{64}$/);
    expect(read('infra/Dockerfile').match(/^FROM .*/gm)).toEqual([
      'FROM ${NODE_IMAGE} AS build',
      'FROM ${NODE_IMAGE} AS runtime',
    ]);
  });
});

describe('Kubernetes manifests', () => {
  it('name no :latest (nor untagged) image', () => {
    const images = podSpecs().flatMap(({ spec }) => containersOf(spec).map((container) => container.image as string));
    expect(images.length).toBeGreaterThanOrEqual(6);
    for (const image of images) expect(image).toMatch(/(:(?!latest$)[\w.-]+|@sha256:[0-9a-f]{64})$/);
  });

  it('run every container, the migration Job’s included, non-root with no privilege escalation and no capabilities', () => {
    for (const { name, spec } of podSpecs()) {
      expect({ name, runAsNonRoot: spec.securityContext?.runAsNonRoot }).toEqual({ name, runAsNonRoot: true });
      for (const container of containersOf(spec)) {
        expect({ container: container.name, ...container.securityContext }).toMatchObject({
          container: container.name,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
      }
    }
  });

  it('give each service a Secret of its own: bot-service never sees JWT_SECRET, ticket-service no Telegram token', () => {
    const secretsOf = (name: string) => {
      const deployment = ofKind('Deployment').find((doc) => doc.metadata.name === name)!;
      const refs = containersOf(deployment.spec.template.spec).flatMap((container) =>
        (container.envFrom ?? [])
          .filter((source: Doc) => source.secretRef)
          .map((source: Doc) => source.secretRef.name as string),
      );
      return ofKind('Secret')
        .filter((secret) => refs.includes(secret.metadata.name))
        .flatMap((secret) => Object.keys(secret.stringData));
    };
    expect(secretsOf('api-gateway').sort()).toEqual([
      'ADMIN_EMAIL',
      'ADMIN_PASSWORD',
      'DATABASE_URL',
      'JWT_SECRET',
      'RABBITMQ_URL',
    ]);
    expect(secretsOf('ticket-service').sort()).toEqual(['DATABASE_URL', 'RABBITMQ_URL']);
    expect(secretsOf('bot-service').sort()).toEqual([
      'DATABASE_URL',
      'RABBITMQ_URL',
      'TELEGRAM_BOT_TOKEN',
      'TELEGRAM_WEBHOOK_SECRET',
    ]);
    // and each connects as a user of its own
    const users = ofKind('Secret').map((secret) => new URL(secret.stringData.DATABASE_URL).username);
    expect(new Set(users).size).toBe(3);
  });

  it('let traffic in only to the gateway’s API and the bot’s webhook', () => {
    const policies = ofKind('NetworkPolicy');
    const denyAll = policies.find((policy) => !policy.spec.ingress && policy.spec.policyTypes.includes('Ingress'));
    expect(denyAll?.spec.podSelector.matchLabels).toEqual({ 'app.kubernetes.io/part-of': 'servicedesk' });
    const open = policies
      .filter((policy) => policy.spec.ingress)
      .map((policy) => ({
        pods: policy.spec.podSelector.matchLabels['app.kubernetes.io/name'],
        ports: policy.spec.ingress.flatMap((rule: Doc) => rule.ports.map((port: Doc) => port.port)),
      }));
    expect(open).toEqual([
      { pods: 'api-gateway', ports: [3000] },
      { pods: 'bot-service', ports: [3001] },
    ]);
  });

  it('run each service as its own broker user, declaring only its own queues, and tell ticket-service who the gateway is', () => {
    const config = ofKind('ConfigMap')[0].data;
    expect(config.RABBITMQ_DECLARE).toBe('own');
    const brokerUserOf = (secret: string) =>
      new URL(ofKind('Secret').find((doc) => doc.metadata.name === secret)!.stringData.RABBITMQ_URL).username;
    expect(config.RABBITMQ_GATEWAY_USER).toBe(brokerUserOf('api-gateway-secrets'));
    expect(config.RABBITMQ_BOT_USER).toBe(brokerUserOf('bot-service-secrets'));
    expect(
      new Set(['api-gateway-secrets', 'ticket-service-secrets', 'bot-service-secrets'].map(brokerUserOf)).size,
    ).toBe(3);
  });

  it('keep Swagger off in production', () => {
    expect(ofKind('ConfigMap')[0].data.SWAGGER_ENABLED).toBe('false');
  });
});
