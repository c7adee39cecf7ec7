/**
 * Microbenchmarks of the per-request work of the version 3 data additions, like bench/micro.ts
 * (fastest batch's time per operation, no I/O): deriving a credential's cursor keys, sealing and
 * opening one cursor, a page of 100 cursors, and reading a UK number or prefix. Each case runs
 * 30 batches of about 5 ms (well under a second a case, whatever the machine's load).
 * Run: npm run bench:data [-- filter]
 */
import { createCursorSealer } from '../src/cursors/sealer.js';
import type { NumberOrder } from '../src/generated/graphql.js';
import { parseUkNumber, parseUkPrefix } from '../src/phone/uk-number.js';
import { pageRequest } from '../src/resolvers/connection.js';
import { bindingOf, decodeCursor, encodeCursor } from '../src/resolvers/cursor.js';
import { checkFilter } from '../src/resolvers/number-filter.js';
import type { NumberDto } from '../src/upstream/types.js';

type Case = () => void;

const BATCHES = 30;
/** Each batch runs about this long, so a case of 2 ms (a page of 100 cursors) is as bounded as one of 1 µs. */
const BATCH_MS = 5;

/** How many operations fill one batch, counted while warming up. */
function calibrate(op: Case): number {
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < BATCH_MS * 3) {
    op();
    count++;
  }
  return Math.max(1, Math.round(count / 3));
}

function measure(name: string, op: Case): void {
  const perBatch = calibrate(op);
  let best = Number.POSITIVE_INFINITY;
  for (let b = 0; b < BATCHES; b++) {
    const started = performance.now();
    for (let i = 0; i < perBatch; i++) op();
    best = Math.min(best, (performance.now() - started) / perBatch);
  }
  console.log(`| ${name} | ${(best * 1000).toFixed(2)} |`);
}

const order: NumberOrder = { field: 'NUMBER', direction: 'ASC' };
const binding = bindingOf(order, checkFilter({}));
const sealer = createCursorSealer('Bearer bench-token');
const position = { key: '01228601762', id: 3402 };
const cursor = encodeCursor(sealer, binding, position);

const numbers: NumberDto[] = Array.from({ length: 100 }, (_, i) => ({
  id: 3400 + i,
  number: `0122860${String(1000 + i)}`,
  context: 'incoming',
  created_at: '2015-05-05T14:43:36.000Z',
  updated_at: '2015-10-05T14:05:45.000Z',
  recording_enabled: false,
  caller_id_prefix: '',
  callerid_passthrough: true,
  forward_sip_to: null,
  aquisition: null,
}));

const cases: Record<string, Case> = {
  'cursor keys: HKDF of one credential (once per request using cursors)': () => void createCursorSealer('Bearer bench-token'),
  'cursor: seal one position': () => void encodeCursor(sealer, binding, position),
  'cursor: open one': () => void decodeCursor(cursor, 'after', order, binding, sealer),
  'page of 100 with every cursor (paginate + 100 seals)': () => {
    const page = pageRequest({ first: 100, orderBy: order }, sealer).paginate(numbers);
    for (const edge of page.edges) edge.cursor();
  },
  'page of 100, nodes only (no cursor sealed)': () => void pageRequest({ first: 100, orderBy: order }, sealer).paginate(numbers),
  'UK number: +44 (0)1228 601762': () => void parseUkNumber('+44 (0)1228 601762'),
  'UK prefix: +44 (0)1494': () => void parseUkPrefix('+44 (0)1494'),
};

const filter = process.argv[2];
console.log('| case | µs per operation (fastest batch) |\n|---|--:|');
for (const [name, op] of Object.entries(cases)) if (!filter || name.includes(filter)) measure(name, op);
