/** Every TypeORM entity of schema `bot`, listed explicitly (the build bundles them; no globs). */
export const BOT_ENTITIES: (new () => unknown)[] = [];
