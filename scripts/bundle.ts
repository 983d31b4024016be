// `npm run build`, after tsc: bundles the server into dist/server.mjs (scripts/bundle-options.ts).
import { fileURLToPath } from 'node:url'
import { bundle } from './bundle-options.js'

const outfile = fileURLToPath(new URL('../dist/server.mjs', import.meta.url))
await bundle(outfile)
console.log(`wrote ${outfile}`)
