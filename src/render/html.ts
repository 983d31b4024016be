import type { EvaluationResult } from '../../schemas/evaluation-response.js'
import { labelsFor, localName } from './labels.js'
import {
  type Cell,
  type EvaluationDocument,
  baseDataRows,
  gradeLabel,
  hasReview,
  hasSelfScores,
  headroomRows,
  indicatorHeadings,
  reviewCells,
  indicatorRows,
  rubricTitle,
} from './table.js'

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Every string that comes from a request, a rubric or the engine passes through here. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ENTITIES[char]!)
}

const STYLE = `
:root { --ink: #1f2933; --muted: #52606d; --line: #cbd2d9; --head: #e4ecf5; --full: #2f855a; --part: #d69e2e; --low: #c53030; --track: #e4e7eb; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #eef1f4; color: var(--ink); font: 14px/1.5 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif; }
.report { max-width: 1120px; margin: 24px auto; padding: 32px 40px; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
header { border-bottom: 3px solid var(--ink); padding-bottom: 12px; margin-bottom: 20px; }
.kicker { margin: 0; color: var(--muted); font-size: 13px; letter-spacing: .05em; }
h1 { margin: 4px 0 2px; font-size: 26px; }
.subtitle { margin: 0 0 10px; font-size: 16px; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; font-size: 12px; color: var(--muted); }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; word-break: break-all; }
h2 { font-size: 18px; margin: 28px 0 10px; padding-left: 8px; border-left: 4px solid var(--ink); }
.summary { display: flex; gap: 16px; flex-wrap: wrap; }
.figure { flex: 1 1 160px; border: 1px solid var(--line); border-radius: 6px; padding: 10px 16px; }
.figure .label { display: block; font-size: 12px; color: var(--muted); }
.figure .value { font-size: 30px; font-weight: 700; }
.figure .max { color: var(--muted); margin-left: 4px; }
.grade-none .value { font-size: 18px; }
.note { color: var(--low); font-size: 13px; }
figure { margin: 0 0 16px; }
figcaption { font-weight: 600; margin-bottom: 4px; }
svg { display: block; width: 100%; height: auto; }
svg text { font-family: inherit; font-size: 12px; fill: var(--ink); }
svg .score-full { fill: var(--full); } svg .score-part { fill: var(--part); } svg .score-low { fill: var(--low); }
svg .track { fill: var(--track); }
svg text.value-lost { fill: var(--low); font-weight: 700; }
.legend { font-size: 12px; color: var(--muted); margin: 0 0 8px; }
.legend i { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 12px; border-radius: 2px; vertical-align: baseline; }
table { width: 100%; border-collapse: collapse; font-size: 12px; }
th, td { border: 1px solid var(--line); padding: 4px 6px; vertical-align: middle; text-align: left; }
thead th, th.heading { background: var(--head); text-align: center; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.level { text-align: center; font-weight: 600; }
td.prose { white-space: pre-line; }
tr.lost td.score { color: var(--low); font-weight: 700; }
tfoot td { font-weight: 700; background: #f5f7fa; }
.warnings li { margin-bottom: 4px; }
code { font-size: 11px; color: var(--muted); }
footer { margin-top: 28px; padding-top: 8px; border-top: 1px solid var(--line); font-size: 11px; color: var(--muted); }
@page { size: A4; margin: 12mm 10mm 14mm; }
/* The indicator table has twelve columns: it prints on landscape pages, the rest on portrait. */
@page wide { size: A4 landscape; margin: 10mm 10mm 12mm; }
@media print {
  body { background: #fff; font-size: 9.5pt; }
  .report { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  table { font-size: 8pt; }
  thead { display: table-header-group; }
  tfoot { display: table-row-group; }
  figure, .summary { break-inside: avoid; }
  h2 { break-after: avoid; }
  .table-section { page: wide; }
  .base-data { break-before: page; }
}
`

// Approximate text widths for laying out the chart's labels without a browser: a Han character
// is about one em, Latin letters about half.
function textWidth(value: string, fontSize = 12): number {
  return [...value].reduce((width, char) => width + (/[\u2E80-\uFFFF]/.test(char) ? fontSize : fontSize * 0.56), 0)
}

function fitText(value: string, maxWidth: number): string {
  if (textWidth(value) <= maxWidth) return value
  let shortened = value
  while (shortened.length > 1 && textWidth(`${shortened}…`) > maxWidth) shortened = shortened.slice(0, -1)
  return `${shortened}…`
}

interface Bar {
  readonly label: string
  readonly score: string | null
  readonly max: string
}

/**
 * A horizontal bar chart as inline SVG: per bar, a grey track as long as the maximum and the score
 * over it, coloured by the share kept. Lengths are drawing coordinates, the only place the 2-decimal
 * strings become floats; the numbers written beside the bars are the strings themselves.
 */
function barChart(bars: readonly Bar[], title: string, notScored: string): string {
  const width = 760
  const rowHeight = bars.length > 6 ? 22 : 30
  const barHeight = rowHeight - 8
  const labelWidth = Math.min(300, Math.max(...bars.map((bar) => textWidth(bar.label))) + 12)
  const valueWidth = 104
  const area = width - labelWidth - valueWidth
  // A rubric may give an indicator 0 points; its bar is then an empty track.
  const longest = Math.max(...bars.map((bar) => Number(bar.max)))
  const scale = longest > 0 ? area / longest : 0
  const height = bars.length * rowHeight + 8
  const rows = bars.map((bar, index) => {
    const y = 4 + index * rowHeight
    const max = Number(bar.max)
    const kept = bar.score === null ? 0 : Number(bar.score)
    const share = max > 0 ? kept / max : 1
    const tone = bar.score === null ? '' : share >= 1 ? 'score-full' : share >= 0.6 ? 'score-part' : 'score-low'
    const value = bar.score === null ? `${notScored} / ${bar.max}` : `${bar.score} / ${bar.max}`
    return [
      `<g><title>${escapeHtml(`${bar.label}: ${value}`)}</title>`,
      `<text x="${labelWidth - 8}" y="${(y + barHeight / 2 + 4).toFixed(1)}" text-anchor="end">${escapeHtml(fitText(bar.label, labelWidth - 12))}</text>`,
      `<rect class="track" x="${labelWidth}" y="${y}" width="${Math.max(0, max * scale).toFixed(1)}" height="${barHeight}" rx="2"/>`,
      tone === ''
        ? ''
        : `<rect class="${tone}" x="${labelWidth}" y="${y}" width="${Math.max(0, kept * scale).toFixed(1)}" height="${barHeight}" rx="2"/>`,
      `<text x="${width - valueWidth + 8}" y="${(y + barHeight / 2 + 4).toFixed(1)}"${tone === 'score-full' ? '' : ' class="value-lost"'}>${escapeHtml(value)}</text></g>`,
    ].join('')
  })
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>${rows.join('')}</svg>`
}

function cellHtml(cell: Cell, extraClass = ''): string {
  const value = cell.value === null ? '' : String(cell.value)
  const classes = [cell.kind === 'text' ? 'prose' : 'num', extraClass].filter(Boolean).join(' ')
  return `<td class="${classes}">${escapeHtml(value)}</td>`
}

function indicatorTable(document: EvaluationDocument): string {
  const { result } = document
  const labels = labelsFor(result.language)
  const language = result.language
  const self = hasSelfScores(result)
  const review = hasReview(result)
  const rows = indicatorRows(document).map((row) => {
    const { indicator } = row
    const cells: string[] = []
    // Rowspans mirror the merged cells of the original table.
    if (row.categorySpan > 0) {
      cells.push(
        `<td class="level" rowspan="${row.categorySpan}">${escapeHtml(localName(row.category, language))}</td>`,
      )
      cells.push(`<td class="num" rowspan="${row.categorySpan}">${escapeHtml(row.category.maxScore)}</td>`)
    }
    if (row.groupSpan > 0) {
      cells.push(
        `<td class="level" rowspan="${row.groupSpan}">${escapeHtml(localName(row.group, language))}</td>`,
      )
      cells.push(`<td class="num" rowspan="${row.groupSpan}">${escapeHtml(row.group.maxScore)}</td>`)
    }
    cells.push(`<td>${escapeHtml(localName(indicator, language))}</td>`)
    cells.push(cellHtml({ kind: 'score', value: indicator.maxScore }))
    cells.push(cellHtml({ kind: 'text', value: indicator.standard }))
    cells.push(cellHtml({ kind: 'text', value: row.description }))
    cells.push(cellHtml({ kind: 'score', value: indicator.score ?? labels.notScored }, 'score'))
    cells.push(cellHtml({ kind: 'text', value: indicator.explanation }))
    if (self)
      cells.push(
        cellHtml({ kind: 'score', value: indicator.selfScore }),
        cellHtml({ kind: 'score', value: indicator.difference }),
      )
    if (review) cells.push(...reviewCells(indicator).map((cell) => cellHtml(cell)))
    const lost = indicator.score === null || indicator.score !== indicator.maxScore
    return `<tr${lost ? ' class="lost"' : ''} data-indicator="${escapeHtml(indicator.id)}">${cells.join('')}</tr>`
  })
  const headings = indicatorHeadings(result).map((heading) => `<th>${escapeHtml(heading)}</th>`).join('')
  // Widths in % of the table; the three prose columns share what is left equally.
  const fixed = [6, 4.5, 6, 4.5, 8.5, 4.5, 0, 0, 5, 0, ...(self ? [5, 5.5] : []), ...(review ? [5, 5, 0] : [])]
  const prose = ((100 - fixed.reduce((sum, width) => sum + width, 0)) / (review ? 4 : 3)).toFixed(1)
  const columns = fixed.map((width) => `<col style="width:${width > 0 ? width : prose}%">`).join('')
  const sum = [
    `<td colspan="5">${escapeHtml(labels.sum)}</td>`,
    `<td class="num">${escapeHtml(result.maxScore)}</td>`,
    '<td colspan="2"></td>',
    `<td class="num">${escapeHtml(result.totalScore)}</td>`,
    `<td>${escapeHtml(gradeLabel(result))}</td>`,
    self
      ? `<td class="num">${escapeHtml(result.selfAssessment!.claimedTotal)}</td><td class="num">${escapeHtml(result.selfAssessment!.difference)}</td>`
      : '',
    review ? `<td class="num">${escapeHtml(result.review!.computedTotal)}</td><td colspan="2"></td>` : '',
  ].join('')
  return `<table class="indicators"><colgroup>${columns}</colgroup><thead><tr>${headings}</tr></thead><tbody>${rows.join('')}</tbody><tfoot><tr>${sum}</tr></tfoot></table>`
}

/** The 预警 section, with options.headroom: the grade margin and, per input, how far it is from a change of score. */
function headroom(result: EvaluationResult): string {
  const labels = labelsFor(result.language)
  const margin = result.headroom!.gradeMargin
  const rows = headroomRows(result)
    .map(
      (row) =>
        `<tr><td>${escapeHtml(localName(row.indicator, result.language))}</td><td><code>${escapeHtml(row.pointer)}</code></td><td class="num">${escapeHtml(row.value)}</td><td class="prose">${escapeHtml(row.explanation)}</td></tr>`,
    )
    .join('')
  const headings = [labels.indicator, labels.headroomInput, labels.currentValue, labels.headroomNote]
    .map((heading) => `<th>${escapeHtml(heading)}</th>`)
    .join('')
  return `<p class="grade-margin"><strong>${escapeHtml(labels.gradeMargin)}</strong>${result.language === 'zh' ? '：' : ': '}${escapeHtml(margin?.explanation ?? labels.noGrade)}</p>
<table class="headroom"><thead><tr>${headings}</tr></thead><tbody>${rows}</tbody></table>`
}

function audit(result: EvaluationResult): string {
  const labels = labelsFor(result.language)
  const assessment = result.selfAssessment
  if (assessment === null) return `<p>${escapeHtml(labels.noSelfAssessment)}</p>`
  const names = new Map(result.indicators.map((indicator) => [indicator.id, localName(indicator, result.language)]))
  const figures = [
    [labels.claimedTotal, assessment.claimedTotal],
    [labels.computedTotal, assessment.computedTotal],
    [labels.difference, assessment.difference],
    [labels.indicatorsClaimed, String(assessment.indicatorsClaimed)],
  ]
    .map(
      ([label, value]) =>
        `<div class="figure"><span class="label">${escapeHtml(label!)}</span><span class="value">${escapeHtml(value!)}</span></div>`,
    )
    .join('')
  const differences =
    assessment.differences.length === 0
      ? `<p>${escapeHtml(labels.noDifferences)}</p>`
      : `<table><thead><tr>${[labels.indicator, labels.claimed, labels.computed, labels.difference].map((heading) => `<th>${escapeHtml(heading)}</th>`).join('')}</tr></thead><tbody>${assessment.differences
          .map(
            (difference) =>
              `<tr><td>${escapeHtml(names.get(difference.indicatorId)!)}</td>${cellHtml({ kind: 'score', value: difference.claimed })}${cellHtml({ kind: 'score', value: difference.computed ?? labels.notScored })}${cellHtml({ kind: 'score', value: difference.difference })}</tr>`,
          )
          .join('')}</tbody></table>`
  return `<div class="summary">${figures}</div>${differences}`
}

function warnings(result: EvaluationResult): string {
  const labels = labelsFor(result.language)
  if (result.warnings.length === 0) return `<p>${escapeHtml(labels.none)}</p>`
  return `<ul class="warnings">${result.warnings.map((warning) => `<li>${escapeHtml(warning.message)} <code>${escapeHtml(warning.code)} ${escapeHtml(warning.pointer)}</code></li>`).join('')}</ul>`
}

function baseData(document: EvaluationDocument): string {
  const rows = baseDataRows(document.request, document.result.language).map((row) => {
    if (row.heading)
      return `<tr>${row.cells.map((cell) => `<th class="heading">${escapeHtml(String(cell.value))}</th>`).join('')}</tr>`
    // The frugality measures are one cell of prose across the table.
    if (row.cells.length === 1) return `<tr>${cellHtml(row.cells[0]!).replace('<td', '<td colspan="6"')}</tr>`
    return `<tr>${row.cells.map((cell) => cellHtml(cell)).join('')}</tr>`
  })
  return `<table class="base-data-table"><tbody>${rows.join('')}</tbody></table>`
}

/** A titled section of the report; its body is HTML already escaped. */
function section(className: string, title: string, body: string): string {
  return `<section class="${className}">\n<h2>${escapeHtml(title)}</h2>\n${body}\n</section>`
}

/**
 * A self-contained printable report of one evaluation: no script, no external asset (the service's
 * content security policy would block them, and a saved file must print the same offline).
 */
export function evaluationReport(document: EvaluationDocument): string {
  const { result } = document
  const labels = labelsFor(result.language)
  const language = result.language
  const title = `${result.department.name} · ${result.fiscalYear} · ${labels.reportTitle}`
  const facts: [string, string][] = [
    ...(result.department.code === undefined
      ? []
      : [[labels.departmentCode, result.department.code] as [string, string]]),
    [labels.fiscalYear, String(result.fiscalYear)],
    [labels.rubric, `${rubricTitle(document)} (${result.rubric.id} ${result.rubric.version})`],
    [labels.contentHash, result.rubric.contentHash],
    [
      labels.options,
      `deductionMode=${result.options.deductionMode}, roundRateBeforeScoring=${result.options.roundRateBeforeScoring}`,
    ],
  ]
  const categoryBars = result.categories.map((category) => ({
    label: localName(category, language),
    score: category.score,
    max: category.maxScore,
  }))
  const indicatorBars = indicatorRows(document).map(({ indicator }) => ({
    label: localName(indicator, language),
    score: indicator.score,
    max: indicator.maxScore,
  }))
  const gradeClass = result.grade === null ? 'grade-none' : `grade-${result.grade.code}`
  const selfFigure =
    result.selfAssessment === null
      ? ''
      : `<div class="figure"><span class="label">${escapeHtml(labels.claimedTotal)}</span><span class="value">${escapeHtml(result.selfAssessment.claimedTotal)}</span></div>`
  const incomplete = result.complete ? '' : `<p class="note">${escapeHtml(labels.noGrade)}</p>`

  return `<!doctype html>
<html lang="${language === 'en' ? 'en' : 'zh-CN'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main class="report">
<header>
<p class="kicker">${escapeHtml(rubricTitle(document))}</p>
<h1>${escapeHtml(result.department.name)}</h1>
<p class="subtitle">${escapeHtml(`${result.fiscalYear} · ${labels.reportTitle}`)}</p>
<dl class="facts">${facts.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>
</header>
<section class="summary">
<div class="figure"><span class="label">${escapeHtml(labels.total)}</span><span class="value" id="total-score">${escapeHtml(result.totalScore)}</span><span class="max">/ ${escapeHtml(result.maxScore)}</span></div>
<div class="figure ${escapeHtml(gradeClass)}"><span class="label">${escapeHtml(labels.grade)}</span><span class="value" id="grade">${escapeHtml(gradeLabel(result))}</span></div>
${selfFigure}
</section>
${incomplete}
<section class="charts">
<h2>${escapeHtml(labels.overview)}</h2>
<p class="legend"><i style="background:var(--full)"></i>${escapeHtml(labels.legendFull)}<i style="background:var(--part)"></i>${escapeHtml(labels.legendPart)}<i style="background:var(--low)"></i>${escapeHtml(labels.legendLow)}<i style="background:var(--track)"></i>${escapeHtml(labels.legendTrack)}</p>
<figure><figcaption>${escapeHtml(labels.byCategory)}</figcaption>${barChart(categoryBars, labels.byCategory, labels.notScored)}</figure>
<figure><figcaption>${escapeHtml(labels.byIndicator)}</figcaption>${barChart(indicatorBars, labels.byIndicator, labels.notScored)}</figure>
</section>
${section('table-section', labels.indicatorSheet, indicatorTable(document))}
${section('audit', labels.selfAssessment, audit(result))}${result.headroom ? `\n${section('headroom-section', labels.headroom, headroom(result))}` : ''}
${section('warnings-section', labels.warnings, warnings(result))}
${section('base-data', labels.baseDataSheet, baseData(document))}
<footer>${escapeHtml(labels.generatedBy)} · ${escapeHtml(result.rubric.contentHash)}</footer>
</main>
</body>
</html>
`
}
