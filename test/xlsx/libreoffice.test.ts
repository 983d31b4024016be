import t from 'tap'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import builtIn from '../../src/rubrics/yuhua-2021.json' with { type: 'json' }
import type { Rubric } from '../../schemas/rubric.js'
import { build, departmentRequest, seedRequest } from '../helper.js'
import { XLSX, fillBatch, fillSingle, saved } from './fill.js'

// LibreOffice Calc, a spreadsheet program no one here wrote, opens the template and re-saves it.
// CI installs it (.ci/run: apt-get install libreoffice-calc) before `npm test`; a machine without
// it skips this file, and says so.
const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' })
if (soffice.error) {
  t.plan(0, 'soffice (LibreOffice Calc) is not installed: apt-get install libreoffice-calc')
} else {
  const rubric = builtIn as unknown as Rubric
  const app = await build(t)
  const directory = mkdtempSync(join(tmpdir(), 'template-libreoffice-'))
  t.teardown(() => rmSync(directory, { recursive: true, force: true }))

  /** The workbooks as LibreOffice Calc saves them again as XLSX (headless, its own profile). */
  const resaved = (files: Record<string, Buffer>): Record<string, Buffer> => {
    const input = join(directory, 'in')
    const output = join(directory, 'out')
    rmSync(input, { recursive: true, force: true })
    execFileSync('mkdir', ['-p', input, output])
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(input, name), bytes)
    execFileSync('soffice', [
      `-env:UserInstallation=file://${join(directory, 'profile')}`,
      '--headless', '--norestore', '--convert-to', 'xlsx', '--outdir', output,
      ...Object.keys(files).map((name) => join(input, name)),
    ], { timeout: 100_000, stdio: 'pipe' })
    return Object.fromEntries(Object.keys(files).map((name) => [name, readFileSync(join(output, name))]))
  }

  const comparable = (body: string) => JSON.stringify(JSON.parse(body, (key, value) =>
    key === 'requestId' || key === 'cell' ? undefined : value))
  const get = async (url: string) => (await app.inject({ method: 'GET', url })).rawPayload
  const post = (url: string, payload: unknown, xlsx = true) => app.inject({
    method: 'POST',
    url,
    headers: xlsx ? { 'content-type': XLSX } : {},
    payload: payload as Buffer,
  })

  t.test('workbooks LibreOffice Calc has re-saved are read and score as the JSON does', async (t) => {
    const three = [
      seedRequest(),
      departmentRequest('示例局', (r) => (r.baseData.staffing = { authorized: 40, actual: 42 })),
      departmentRequest('第三局'),
    ]
    const started = Date.now()
    const files = resaved({
      'template.xlsx': await get('/v1/rubrics/yuhua-2021/template'),
      'seed.xlsx': await saved(await fillSingle(await get('/v1/rubrics/yuhua-2021/template'), rubric, seedRequest())),
      'batch.xlsx': await saved(await fillBatch(await get('/v1/rubrics/yuhua-2021/template?layout=batch'), rubric, three)),
    })
    // About 3 s on a quiet machine (a fresh profile: 10 s more); reported, not judged, as the load varies.
    t.comment(`LibreOffice converted the three workbooks in ${Date.now() - started} ms`)
    // The seed typed in, then saved by Calc.
    const seed = await post('/v1/evaluations', files['seed.xlsx'])
    t.equal(seed.statusCode, 200)
    t.equal(seed.json().totalScore, '90.80')
    t.equal(comparable(seed.body), comparable((await post('/v1/evaluations', seedRequest(), false)).body))
    // The empty template as Calc saved it, then filled in: its pointers, labels and lists survived.
    const filled = await saved(await fillSingle(files['template.xlsx']!, rubric, seedRequest()))
    t.equal(comparable((await post('/v1/evaluations', filled)).body), comparable(seed.body))
    // The batch of three departments.
    const batch = await post('/v1/evaluations/batch', files['batch.xlsx'])
    t.equal(batch.statusCode, 200)
    t.equal(comparable(batch.body), comparable((await post('/v1/evaluations/batch', { items: three }, false)).body))
  })
}
