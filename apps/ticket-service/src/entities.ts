/** Every TypeORM entity of schema `ticket`, listed explicitly (the build bundles them; no globs). */
export const TICKET_ENTITIES: (new () => unknown)[] = [];
