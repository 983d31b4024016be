// The bundle of the server, dist/server.mjs, which `npm start` and the image run (scripts/bundle.ts
// writes it in `npm run build`; test/ops/bundle.test.ts starts one). Loading some 600 modules one
// by one (resolving, reading and compiling each, most of them CommonJS) was most of the start:
// ready after about 1.4 s, bundled about 1.0 (README, Performance). Left outside, loaded from
// node_modules as before: exceljs, which the service loads only for the first spreadsheet it reads
// or writes.
import { readFile } from 'node:fs/promises'
import { dirname, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Plugin } from 'esbuild'

export const BUNDLE_EXTERNAL = ['exceljs'] as const

const EXPLORER = '@fastify/swagger-ui'

/**
 * The explorer (@fastify/swagger-ui) in the bundle: it serves its page's files from its own package
 * (`path.join(__dirname, …)`), so each of its modules has `__dirname` made the directory it has in
 * node_modules, found when the bundle runs (which ESM has no `__dirname` for). Outside the bundle,
 * its CommonJS modules and theirs (@fastify/static, glob) were loaded one by one: the explorer took
 * about 150 ms of the start, bundled about 50 (README, Performance).
 */
const explorerDirectories: Plugin = {
  name: 'explorer-directories',
  setup(builder) {
    const root = dirname(fileURLToPath(import.meta.resolve(`${EXPLORER}/package.json`)))
    builder.onLoad({ filter: /[\\/]@fastify[\\/]swagger-ui[\\/].*\.js$/ }, async ({ path }) => {
      const directory = relative(root, dirname(path)).replaceAll('\\', '/')
      const found = `require('node:path').join(require('node:path').dirname(require.resolve('${EXPLORER}/package.json')), ${JSON.stringify(directory)})`
      return { contents: (await readFile(path, 'utf8')).replaceAll('__dirname', found), loader: 'js' }
    })
  },
}

/** Writes the bundle of src/server.ts to `outfile`. */
export async function bundle(outfile: string): Promise<void> {
  await build({
    entryPoints: [fileURLToPath(new URL('../src/server.ts', import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: [...BUNDLE_EXTERNAL],
    plugins: [explorerDirectories],
    // The CommonJS packages in the bundle call require for Node's own modules.
    banner: {
      js: "import { createRequire as createRequireOfBundle } from 'node:module'; " +
        'const require = createRequireOfBundle(import.meta.url);',
    },
    logLevel: 'warning',
  })
}
