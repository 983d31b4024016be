import t from 'tap'
import { ServiceError } from '../../src/errors.js'
import { WORKBOOK_LIMITS } from '../../src/xlsx/limits.js'
import { checkWorkbookZip, readWorkbook } from '../../src/xlsx/read.js'
import { WORKBOOK_RELS, minimalParts, sheetXml, zip, type ZipEntry } from './zip.js'

const MiB = 1024 * 1024

/** The problem code and English detail a body is refused with. */
async function refusal(body: Buffer): Promise<{ code: string; detail: string }> {
  try {
    await readWorkbook(body, 'en')
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error
    return { code: error.code, detail: error.detail.en }
  }
  throw new Error('the workbook was read')
}

const withParts = (change: Record<string, string | Buffer>) => zip(minimalParts(change))
const withEntry = (entry: ZipEntry) => zip([...minimalParts(), entry])

t.test('a plain workbook is read: its one sheet and cell', async (t) => {
  const workbook = await readWorkbook(zip(minimalParts()))
  t.same(workbook.worksheets.map((sheet) => [sheet.name, sheet.getCell('A1').value]), [['Sheet1', 'x']])
  // Stored (method 0) entries are read as well as deflated ones.
  const stored = zip(minimalParts().map((entry) => ({ ...entry, method: 0 })))
  t.equal((await readWorkbook(stored)).worksheets[0]!.getCell('A1').value, 'x')
})

t.test('not a workbook: WORKBOOK_UNREADABLE, with the reason', async (t) => {
  t.match(await refusal(Buffer.from('name,value\nx,1\n')), { code: 'WORKBOOK_UNREADABLE', detail: /not an XLSX/ })
  t.match(await refusal(Buffer.from('PK')), { code: 'WORKBOOK_UNREADABLE', detail: /not an XLSX/ })
  t.match(await refusal(Buffer.from('x'.repeat(100))), { code: 'WORKBOOK_UNREADABLE', detail: /not an XLSX/ })
  // An OLE compound file: what an encrypted workbook and a legacy .xls both are.
  const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)])
  t.match(await refusal(ole), { code: 'WORKBOOK_UNREADABLE', detail: /encrypted or a legacy \.xls/ })
  // A zip whose entries are encrypted (flag bit 0).
  t.match(await refusal(withEntry({ name: 'xl/x.xml', data: '<x/>', flags: 1 })), { detail: /encrypted/ })
  t.match(await refusal(withEntry({ name: 'xl/x.xml', data: '<x/>', method: 12 })), { detail: /compression/ })
  t.match(await refusal(zip([{ name: 'a.txt', data: 'a' }])), { detail: /no xl\/workbook\.xml/ })
  t.match(await refusal(withParts({ 'xl/workbook.xml': '<workbook><sheets><sheet' })), {
    code: 'WORKBOOK_UNREADABLE',
    detail: /cannot be parsed/,
  })
})

t.test('a damaged or ZIP64 directory: WORKBOOK_UNREADABLE', async (t) => {
  const good = zip(minimalParts())
  const end = good.length - 22
  const edit = (at: number, value: number, bytes = 4) => {
    const copy = Buffer.from(good)
    if (bytes === 4) copy.writeUInt32LE(value, at)
    else copy.writeUInt16LE(value, at)
    return copy
  }
  t.match(await refusal(edit(end + 10, 0xffff, 2)), { detail: /ZIP64/ })
  t.match(await refusal(edit(end + 16, end)), { detail: /damaged/ }, 'the directory runs past its end record')
  const directory = good.readUInt32LE(end + 16)
  t.match(await refusal(edit(directory, 0)), { detail: /damaged/ }, 'no central entry signature')
  t.match(await refusal(edit(directory + 30, 0xfff0, 2)), { detail: /damaged/ }, 'an extra field past the end')
  t.match(await refusal(edit(directory + 24, 0xffffffff)), { detail: /ZIP64/ }, 'an entry size of ZIP64')
  t.match(await refusal(edit(directory + 42, end)), { detail: /damaged/ }, 'a local header that is not one')
  t.match(await refusal(edit(directory + 42, end + 10)), { detail: /damaged/ }, 'a local header past the end')
  t.match(await refusal(edit(directory + 20, end)), { detail: /damaged/ }, 'data that runs past the end')
  t.match(await refusal(withEntry({ name: 'xl/x.xml', data: Buffer.from('not deflate'), method: 0, declaredSize: 3 })),
    { detail: /damaged/ }, 'stored data longer than declared')
  const garbage = zip([...minimalParts(), { name: 'xl/x.xml', data: Buffer.from([0xff, 0xff, 0xff]), method: 0 }])
  // The entry declared deflated (8) but holding bytes that do not inflate.
  const at = garbage.readUInt32LE(garbage.length - 22 + 16) + 46 * 5
    + minimalParts().reduce((sum, part) => sum + Buffer.byteLength(part.name), 0)
  garbage.writeUInt16LE(8, at + 10)
  t.match(await refusal(garbage), { detail: /damaged/ }, 'data that does not inflate')
})

t.test('sizes and counts beyond the limits: WORKBOOK_TOO_LARGE', async (t) => {
  const many = Array.from({ length: WORKBOOK_LIMITS.entries + 1 }, (_, i) => ({ name: `x/${i}.txt`, data: '' }))
  t.match(await refusal(zip(many)), { code: 'WORKBOOK_TOO_LARGE', detail: /201 > 200 files/ })
  // A header that declares more than the per-file bound is refused before anything is inflated.
  t.match(await refusal(withEntry({ name: 'xl/big.xml', data: '<x/>', declaredSize: 7 * MiB })), {
    code: 'WORKBOOK_TOO_LARGE',
    detail: /xl\/big\.xml: 7340032 bytes/,
  })
  // Two files under the per-file bound whose sum is over the total (5 + 5 MiB of zeros > 8 MiB).
  const zeros = Buffer.alloc(5 * MiB)
  t.match(await refusal(zip([...minimalParts(), { name: 'a.bin', data: zeros }, { name: 'b.bin', data: zeros }])), {
    code: 'WORKBOOK_TOO_LARGE',
    detail: /8 MiB uncompressed/,
  })
  const rows = `<row r="${WORKBOOK_LIMITS.rows + 1}"><c r="A${WORKBOOK_LIMITS.rows + 1}"><v>1</v></c></row>`
  t.match(await refusal(withParts({ 'xl/worksheets/sheet1.xml': sheetXml(rows) })), {
    code: 'WORKBOOK_TOO_LARGE',
    detail: /Sheet1: 2001 > 2000 rows/,
  })
  // Column 401 is OK (15 × 26 + 11).
  t.match(await refusal(withParts({ 'xl/worksheets/sheet1.xml': sheetXml('<row r="1"><c r="OK1"><v>1</v></c></row>') })), {
    code: 'WORKBOOK_TOO_LARGE',
    detail: /Sheet1: 401 > 400 columns/,
  })
})

t.test('a zip bomb: a header that understates its size cannot inflate beyond it', async (t) => {
  // 64 MiB of zeros deflate to about 64 KiB; the header says 1,000 bytes. Inflating stops at 1,001.
  const bomb = { name: 'xl/worksheets/sheet2.xml', data: Buffer.alloc(64 * MiB), declaredSize: 1000 }
  const before = process.memoryUsage().arrayBuffers
  t.match(await refusal(withEntry(bomb)), { code: 'WORKBOOK_UNREADABLE', detail: /damaged/ })
  t.ok(process.memoryUsage().arrayBuffers - before < 32 * MiB, 'the 64 MiB were never held')
})

t.test('names with .., absolute paths or backslashes: WORKBOOK_UNSAFE', async (t) => {
  for (const name of ['../evil.xml', 'xl/../../evil.xml', '/etc/passwd', 'C:/evil.xml', 'xl\\evil.xml']) {
    t.match(await refusal(withEntry({ name, data: '<x/>' })), { code: 'WORKBOOK_UNSAFE', detail: /absolute path/ }, name)
  }
})

t.test('macros: WORKBOOK_UNSAFE', async (t) => {
  t.match(await refusal(withEntry({ name: 'xl/vbaProject.bin', data: 'VBA' })), {
    code: 'WORKBOOK_UNSAFE',
    detail: /xl\/vbaProject\.bin holds macros/,
  })
  const types = minimalParts()[0]!.data.toString()
    .replace('sheet.main+xml', 'sheet.macroEnabled.main+xml')
  t.match(await refusal(withParts({ '[Content_Types].xml': types })), { detail: /Content_Types.*holds macros/ })
})

t.test('external links and references: WORKBOOK_UNSAFE; a hyperlink is allowed', async (t) => {
  t.match(await refusal(withEntry({ name: 'xl/externalLinks/externalLink1.xml', data: '<externalLink/>' })), {
    code: 'WORKBOOK_UNSAFE',
    detail: /external link/,
  })
  const external = (type: string) => WORKBOOK_RELS.replace('</Relationships>',
    `<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" ` +
    'Target="file:///etc/passwd" TargetMode="External"/></Relationships>')
  t.match(await refusal(withParts({ 'xl/_rels/workbook.xml.rels': external('externalLinkPath') })), {
    code: 'WORKBOOK_UNSAFE',
    detail: /xl\/_rels\/workbook\.xml\.rels holds an external link/,
  })
  const linked = await readWorkbook(withParts({
    'xl/_rels/workbook.xml.rels': external('hyperlink'),
    'xl/none/_rels/empty.xml.rels': '<Relationships/>',
  }))
  t.equal(linked.worksheets.length, 1)
})

t.test('DTDs and entities in any XML part: WORKBOOK_UNSAFE', async (t) => {
  const billion = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
  t.match(await refusal(withParts({ 'xl/worksheets/sheet1.xml': billion + sheetXml().replace(/^<\?xml[^>]*>/, '') })), {
    code: 'WORKBOOK_UNSAFE',
    detail: /xl\/worksheets\/sheet1\.xml holds a DTD/,
  })
  t.match(await refusal(withEntry({ name: 'xl/x.xml', data: '<x><!ENTITY e SYSTEM "file:///etc/passwd"></x>' })), {
    detail: /DTD or entity/,
  })
  // A part named otherwise is checked by its content; a binary part is not read as text.
  t.match(await refusal(withEntry({ name: 'xl/custom.dat', data: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><x/>' })), {
    detail: /xl\/custom\.dat holds a DTD/,
  })
  t.equal((await readWorkbook(withEntry({ name: 'xl/media/image1.png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47]) })))
    .worksheets.length, 1)
  // checkWorkbookZip is the same check without reading: it returns when all is well.
  t.equal(checkWorkbookZip(zip(minimalParts())), undefined)
})
