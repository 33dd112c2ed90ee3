/**
 * `npm run build:console` (part of `npm run build`, after the gateway is built):
 * 1. the gateway prints its OpenAPI document (`main.js openapi`, nothing started);
 * 2. openapi-typescript turns it into src/api/schema.d.ts;
 * 3. tsc checks the console against it, so a contract change breaks this build, not the agents' browsers;
 * 4. esbuild bundles the app into dist/console with content-hashed names, and index.html points at them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import openapiTS, { astToString } from 'openapi-typescript';

const root = join(__dirname, '../../..');
const consoleDir = __dirname;
const outDir = join(root, 'dist/console');

export async function buildConsole(): Promise<{ js: string; css: string; gzippedBytes: number }> {
  const document = execFileSync(process.execPath, [join(root, 'dist/apps/api-gateway/main.js'), 'openapi'], {
    encoding: 'utf8',
  });
  const types = astToString(await openapiTS(JSON.parse(document)));
  // Written only when it changed: a newer file under apps/ would make `npm start` think the build is stale.
  const schemaFile = join(consoleDir, 'src/api/schema.d.ts');
  const schema = `// Generated from the gateway's OpenAPI document by build.ts; do not edit.\n${types}`;
  if (!existsSync(schemaFile) || readFileSync(schemaFile, 'utf8') !== schema) writeFileSync(schemaFile, schema);

  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(consoleDir, 'tsconfig.json')], {
    stdio: 'inherit',
  });

  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: [join(consoleDir, 'src/main.tsx')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: outDir,
    entryNames: 'app-[hash]',
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((path) => basename(path));
  const js = outputs.find((name) => name.endsWith('.js'))!;
  const css = outputs.find((name) => name.endsWith('.css'))!;
  const html = readFileSync(join(consoleDir, 'index.html'), 'utf8')
    .replace('{{js}}', `./${js}`)
    .replace('{{css}}', `./${css}`);
  writeFileSync(join(outDir, 'index.html'), html);
  const gzippedBytes = [js, css, 'index.html'].reduce(
    (sum, name) => sum + gzipSync(readFileSync(join(outDir, name))).length,
    0,
  );
  return { js, css, gzippedBytes };
}

if (require.main === module) {
  buildConsole().then(
    ({ gzippedBytes }) =>
      process.stdout.write(`console built into dist/console (${(gzippedBytes / 1024).toFixed(1)} KB gzipped)\n`),
    (error: unknown) => {
      process.stderr.write(`console build failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
