// Writes openapi/openapi.json from the code, and the TypeScript client's types from it;
// `npm run openapi`. A test fails when a committed file differs from what the code generates.
import { mkdir, writeFile } from 'node:fs/promises'
import { buildOpenApiDocument, OPENAPI_PATH } from '../src/openapi-document.js'
import { buildClientTypes, CLIENT_TYPES_PATH } from './client-types.js'

const document = await buildOpenApiDocument()
await mkdir(new URL('.', OPENAPI_PATH), { recursive: true })
await writeFile(OPENAPI_PATH, document)
console.log(`wrote ${OPENAPI_PATH.pathname} (${document.length} bytes)`)
const types = await buildClientTypes(document)
await writeFile(CLIENT_TYPES_PATH, types)
console.log(`wrote ${CLIENT_TYPES_PATH.pathname} (${types.split('\n').length} lines)`)
