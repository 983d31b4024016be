// The bundle of the server, dist/server.mjs, which `npm start` and the image run (scripts/bundle.ts
// writes it in `npm run build`; test/ops/bundle.test.ts starts one). Loading some 600 modules one
// by one (resolving, reading and compiling each, most of them CommonJS) was most of the start:
// ready after about 1.4 s, bundled about 1.0 (README, Performance). Left outside, loaded from
// node_modules as before: exceljs, which the service loads only for the first spreadsheet it reads
// or writes, and the explorer (@fastify/swagger-ui), which serves files from its own package.
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

export const BUNDLE_EXTERNAL = ['exceljs', '@fastify/swagger-ui'] as const

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
    // The CommonJS packages in the bundle call require for Node's own modules.
    banner: {
      js: "import { createRequire as createRequireOfBundle } from 'node:module'; " +
        'const require = createRequireOfBundle(import.meta.url);',
    },
    logLevel: 'warning',
  })
}
