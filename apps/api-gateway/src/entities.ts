import { Employee } from './employees/employee.entity';

/** Every TypeORM entity of schema `auth`, listed explicitly (the build bundles them; no globs). */
export const AUTH_ENTITIES: (new () => unknown)[] = [Employee];
