// Opens the seed department's HTML report in a real browser; `npm run check:report [screenshot.png]`.
// Starts the app on loopback, asks POST /v1/evaluations for text/html, renders the answer with
// headless Chromium, and checks that the screenshot is not blank and that the rendered DOM has the
// total (90.80) and the SVG charts. Prints the screenshot's path (default: the system's temporary
// folder, never the repository) and exits non-zero on the first failure. Needs Chromium and a CJK
// font: `apt-get install chromium fonts-noto-cjk` (CHROMIUM names another binary).
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import Fastify from 'fastify'
import app from '../src/app.js'
import { serverOptions } from '../src/server-options.js'

const run = promisify(execFile)
const CHROMIUM = process.env.CHROMIUM ?? 'chromium'
const SCREENSHOT = resolve(process.argv[2] ?? join(tmpdir(), 'evaluation-report.png'))
// An A4 page at 150 dpi; a blank page of this size compresses to a few KB, a rendered report to hundreds.
const WINDOW = '1240,1754'
const MIN_SCREENSHOT_BYTES = 40 * 1024
const EXPECTED_TOTAL = '90.80'

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`FAILED: ${message}`)
  console.log(`ok - ${message}`)
}

/** Chromium headless with nothing that reaches out: no network services, no first-run, a fresh profile. */
async function chromium(profile: string, args: string[]): Promise<string> {
  const flags = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${profile}`,
    '--virtual-time-budget=5000',
    `--window-size=${WINDOW}`,
  ]
  const { stdout } = await run(CHROMIUM, [...flags, ...args], { timeout: 90_000, maxBuffer: 32 * 1024 * 1024 })
  return stdout
}

const work = await mkdtemp(join(tmpdir(), 'check-report-'))
const server = Fastify(serverOptions())
try {
  await server.register(app)
  const address = await server.listen({ host: '127.0.0.1', port: 0 })
  const seed = await readFile(new URL('../schemas/examples/yuhua-2021.request.json', import.meta.url), 'utf8')
  const response = await fetch(`${address}/v1/evaluations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/html' },
    body: seed,
  })
  check(response.status === 200, `POST /v1/evaluations with Accept: text/html answers 200 (got ${response.status})`)
  check(
    /^text\/html; charset=utf-8/.test(response.headers.get('content-type') ?? ''),
    'the answer is text/html in UTF-8',
  )
  const html = await response.text()
  check(!/\s(src|href)\s*=|@import|url\(/i.test(html), 'the report loads no external asset')

  const page = join(work, 'report.html')
  await writeFile(page, html)
  await chromium(join(work, 'profile-screenshot'), [`--screenshot=${SCREENSHOT}`, pathToFileURL(page).href])
  const { size } = await stat(SCREENSHOT)
  const png = await readFile(SCREENSHOT)
  check(png.subarray(1, 4).toString('latin1') === 'PNG', 'the screenshot is a PNG')
  check(
    size > MIN_SCREENSHOT_BYTES,
    `the screenshot is not blank (${Math.round(size / 1024)} KB > ${MIN_SCREENSHOT_BYTES / 1024} KB)`,
  )

  const dom = await chromium(join(work, 'profile-dom'), ['--dump-dom', pathToFileURL(page).href])
  check(
    new RegExp(`id="total-score">${EXPECTED_TOTAL.replace('.', '\\.')}<`).test(dom),
    `the rendered DOM shows the total ${EXPECTED_TOTAL}`,
  )
  check((dom.match(/<svg[\s>]/g) ?? []).length >= 2, 'the rendered DOM has the SVG charts')
  check(dom.includes('优'), 'the rendered DOM shows the grade 优')
  console.log(`screenshot: ${SCREENSHOT}`)
} finally {
  await server.close()
  await rm(work, { recursive: true, force: true })
}
