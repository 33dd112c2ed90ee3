import { DynamicModule, Module } from '@nestjs/common';

/** Injection token of a service's parsed, typed config. */
export const APP_CONFIG = Symbol('APP_CONFIG');

@Module({})
export class AppConfigModule {
  static forRoot(config: object): DynamicModule {
    return {
      module: AppConfigModule,
      global: true,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
