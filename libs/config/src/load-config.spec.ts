import { z } from 'zod';
import { ConfigError, parseConfig } from './load-config';
import { amqpUrl, port, postgresUrl } from './common-env';

const schema = z.object({ DATABASE_URL: postgresUrl, RABBITMQ_URL: amqpUrl, GATEWAY_PORT: port(3000) });

describe('parseConfig', () => {
  it('returns typed values with defaults applied', () => {
    const config = parseConfig(schema, { DATABASE_URL: 'postgres://db/desk', RABBITMQ_URL: 'amqp://mq' });
    expect(config).toEqual({ DATABASE_URL: 'postgres://db/desk', RABBITMQ_URL: 'amqp://mq', GATEWAY_PORT: 3000 });
  });

  it('names every missing or malformed variable in one line', () => {
    const parse = () => parseConfig(schema, { DATABASE_URL: 'mysql://db/desk', GATEWAY_PORT: 'eighty' });
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(
      /^Invalid configuration: DATABASE_URL: must be a postgres:\/\/ URL; RABBITMQ_URL is required; GATEWAY_PORT: Expected number, received nan$/,
    );
  });

  it('treats an empty value as missing', () => {
    expect(() => parseConfig(schema, { DATABASE_URL: '', RABBITMQ_URL: 'amqp://mq' })).toThrow(
      /DATABASE_URL is required/,
    );
  });
});
