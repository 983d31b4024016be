// Writes openapi/openapi.json from the code; `npm run openapi`. A test fails when the committed
// file differs from what the code generates.
import { mkdir, writeFile } from 'node:fs/promises'
import { buildOpenApiDocument, OPENAPI_PATH } from '../src/openapi-document.js'

const document = await buildOpenApiDocument()
await mkdir(new URL('.', OPENAPI_PATH), { recursive: true })
await writeFile(OPENAPI_PATH, document)
console.log(`wrote ${OPENAPI_PATH.pathname} (${document.length} bytes)`)
