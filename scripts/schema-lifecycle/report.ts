import type { CheckReport, Problem } from './check.js';

/** The human report of `schema:check` (`--json` prints the CheckReport itself). */

const LEVEL_WIDTH = 'dangerous'.length;

function problemLine(problem: Problem): string {
  switch (problem.kind) {
    case 'operation-invalid':
      return `${problem.client} ${problem.version}, operation ${problem.operation}: no longer validates: ${problem.message}`;
    case 'breaks-registered-operation':
      return `${problem.client} ${problem.version}, operation ${problem.operation} uses ${problem.coordinate}${problem.via === 'variables' ? ' (its variables may carry it)' : ''}: ${problem.change}`;
    case 'breaks-recorded-usage':
      return `${problem.client} ${problem.version} used ${problem.coordinate} ${problem.count} times within the usage export's retention (last on ${problem.lastDay}): ${problem.change}`;
    case 'removed-without-deprecation':
      return `${problem.coordinate} is removed without having been deprecated in the released schema: ${problem.change}`;
    case 'removed-before-date':
      return `${problem.coordinate} is removed before its removal date (${problem.removalDate}): ${problem.change}`;
    case 'deprecation-without-date':
      return `${problem.coordinate} is deprecated without a removal date (${JSON.stringify(problem.reason)}); write e.g. "Use kind. Removal not before 2027-06-01."`;
  }
}

export interface ReportContext {
  schemaFile: string;
  releasedFile: string;
  registry: string;
  usage: string;
}

export function renderReport(report: CheckReport, context: ReportContext): string {
  const { breaking, dangerous, safe } = report.summary;
  const lines = [
    `schema:check: ${context.schemaFile} against the released ${context.releasedFile}`,
    `registered: ${context.registry}; usage: ${context.usage}`,
    `${report.changes.length} change(s): ${breaking} breaking, ${dangerous} dangerous, ${safe} safe`,
    ...report.changes.map((change) => `  ${change.level.padEnd(LEVEL_WIDTH)}  ${change.message}`),
  ];
  if (report.ok) lines.push('OK: no registered operation or recorded usage breaks, and removals follow the deprecation policy.');
  else lines.push(`FAILED: ${report.problems.length} problem(s)`, ...report.problems.map((problem) => `  ✗ ${problemLine(problem)}`));
  return `${lines.join('\n')}\n`;
}
