import { DEMO_DOCUMENT } from '../../src/graphiql/examples.js';

/** One operation of GraphiQL's demo document, as a developer runs it from there. */
export function demoOperation(name: string): string {
  const start = DEMO_DOCUMENT.indexOf(`query ${name}`);
  if (start === -1) throw new Error(`the demo document has no query ${name}`);
  const end = DEMO_DOCUMENT.indexOf('\n#', start);
  return DEMO_DOCUMENT.slice(start, end === -1 ? undefined : end);
}

export const DASHBOARD = demoOperation('NumbersDashboard');

/** `n0: number(id: …) { id number }` for each id: one batch of the numberById loader. */
export function byIds(ids: readonly (number | string)[]): string {
  return `{ ${ids.map((id, i) => `n${i}: number(id: "${id}") { id number }`).join(' ')} }`;
}
