/**
 * The second half of the generated differential cases (see differential.test.ts): a file of its
 * own so that tap runs it on the other core.
 */
import t from 'tap'
import { loadRubrics } from '../../src/rubrics/index.js'
import { GENERATED, checkGenerated } from './generated.js'

// 10,000 cases take some 20 s on an idle core, and far longer when other work shares the 2 cores;
// the suite's 120 s would then kill the file mid-run and report a timeout instead of an answer.
t.setTimeout(600_000)

t.test('generated cases, second half', async (t) => checkGenerated(t, GENERATED[1], loadRubrics()))
