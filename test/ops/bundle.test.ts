/**
 * The bundle that `npm start` and the image run (dist/server.mjs, scripts/bundle-options.ts): built
 * here into node_modules/.cache (so that what it leaves outside, exceljs, and the files the explorer
 * serves, resolve from node_modules as in the image), started as a process, and asked for what each
 * part of the service answers: probes, the document, the explorer and its files, an evaluation
 * scored as in-process, a workbook (exceljs loaded from outside the bundle), and a bad setting
 * refused before the start.
 */
import t from 'tap'
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bundle } from '../../scripts/bundle-options.js'
import { build, seedRequest } from '../helper.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const cache = join(ROOT, 'node_modules', '.cache')
mkdirSync(cache, { recursive: true })
const directory = mkdtempSync(join(cache, 'bundle-'))
t.teardown(() => rmSync(directory, { recursive: true, force: true }))
const outfile = join(directory, 'server.mjs')
await bundle(outfile)

t.test('a bad setting is refused before the bundled service starts', async (t) => {
  const run = spawnSync(process.execPath, [outfile], { env: { ...process.env, PORT: 'abc' }, encoding: 'utf8' })
  t.equal(run.status, 1)
  t.match(run.stderr, /PORT="abc"/)
})

t.test('the bundled service answers as the service does', async (t) => {
  const child = spawn(process.execPath, [outfile], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  t.teardown(() => child.kill('SIGKILL'))
  const base = await new Promise<string>((resolve) => {
    let text = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk
      const address = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(text)
      if (address) resolve(address[1]!)
    })
  })

  const ready = await fetch(`${base}/health/ready`)
  t.equal(ready.status, 200, 'ready')
  const document = await fetch(`${base}/openapi.json`)
  t.equal(document.status, 200)
  t.equal((await document.json()).openapi, '3.1.0', 'the OpenAPI document')
  const explorer = await fetch(`${base}/docs/`)
  t.equal(explorer.status, 200)
  t.match(await explorer.text(), /Swagger UI/, 'the explorer')
  // The explorer is in the bundle; the files it serves are found in its package (scripts/bundle-options.ts).
  const style = await fetch(`${base}/docs/static/swagger-ui.css`)
  t.equal(style.status, 200)
  t.match(style.headers.get('content-type'), /^text\/css/)
  t.ok((await style.text()).includes('.swagger-ui'), "Swagger UI's style sheet, from its package's static/")
  const logo = await fetch(`${base}/docs/static/logo.svg`)
  t.equal(logo.status, 200)
  t.match(await logo.text(), /<svg/, "the logo, read at the start from the package's static/")

  const inProcess = await build(t)
  const expected = await inProcess.inject({ method: 'POST', url: '/v1/evaluations', payload: seedRequest() })
  const answer = await fetch(`${base}/v1/evaluations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(seedRequest()),
  })
  t.equal(answer.status, 200)
  const answered = await answer.json()
  t.equal(answered.totalScore, '90.80', 'the seed: 90.80 (test/engine/seed.test.ts)')
  t.same(answered, expected.json(), 'the same answer as the app in this process')

  const workbook = await fetch(`${base}/v1/rubrics/yuhua-2021/template`)
  t.equal(workbook.status, 200)
  const bytes = Buffer.from(await workbook.arrayBuffer())
  t.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'a workbook, written by exceljs from node_modules')
})
