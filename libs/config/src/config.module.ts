import { DynamicModule, Module } from '@nestjs/common';
import { z } from 'zod';

/** The class a service's config is injected by; its instances are the schema's parsed output. */
export type ConfigClass<T> = abstract new () => T;

/**
 * A class standing for a service's parsed config, so that Nest injects it by type like any provider and
 * TypeScript knows its fields: `export abstract class BotServiceConfig extends configClass(botServiceEnv) {}`,
 * then `constructor(private readonly config: BotServiceConfig)`. The value itself stays the plain object the
 * schema parsed; the class is only a token with the schema's type.
 */
export function configClass<S extends z.ZodTypeAny>(schema: S): ConfigClass<z.output<S>> {
  abstract class ParsedConfig {
    static readonly schema = schema;
  }
  return ParsedConfig as unknown as ConfigClass<z.output<S>>;
}

@Module({})
export class AppConfigModule {
  /** Provides the parsed config to every module of the app, under its config class. */
  static forRoot<T extends object>(token: ConfigClass<T>, config: T): DynamicModule {
    return {
      module: AppConfigModule,
      global: true,
      providers: [{ provide: token, useValue: config }],
      exports: [token],
    };
  }
}
