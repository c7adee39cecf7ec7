/**
 * The plan as a waterfall: one row per upstream call on a time axis (a dry-run's planned calls
 * as equal blocks, nothing having happened yet), then the reads served without a call, marked
 * by where they came from, and the planner's decisions in words.
 */
import type { Plan, PlanCall, PlanRead } from '../../plan/shape.js';

const SOURCE_WORDS: Record<PlanRead['source'], string> = {
  memo: 'reused within this operation',
  list: "served by this operation's number list",
  cache: 'reference cache',
  shared: "shared with another request's call in flight",
};

const format = (ms: number) => (ms < 10 ? ms.toFixed(1) : ms.toFixed(0));

function label(call: PlanCall): string {
  const params = Object.entries(call.params).map(([key, value]) => `${key}=${value}`);
  return params.length > 0 ? `${call.endpoint} ${params.join(' ')}` : call.endpoint;
}

function outcome(call: PlanCall): string {
  if (call.error) return `${call.error}${call.status ? ` (${call.status})` : ''}`;
  const retries = call.retries ? `, ${call.retries} retr${call.retries === 1 ? 'y' : 'ies'}` : '';
  return `${call.status ?? ''}${retries}`;
}

function CallRow({ call, scale }: { call: PlanCall; scale: number }) {
  const start = call.startMs ?? 0;
  const duration = call.durationMs ?? 0;
  const failed = call.error !== undefined;
  return (
    <li className="upstream-row" data-kind="call" data-endpoint={call.endpoint}>
      <span className="upstream-label" title={label(call)}>
        {label(call)}
      </span>
      <span className="upstream-figure">
        {format(duration)} ms {outcome(call)}
      </span>
      <span className="upstream-track">
        <span
          className={`upstream-bar${failed ? ' upstream-bar-failed' : ''}`}
          style={{ left: `${(start / scale) * 100}%`, width: `max(2px, ${(duration / scale) * 100}%)` }}
          title={`${label(call)}: starts at ${format(start)} ms, takes ${format(duration)} ms`}
        />
      </span>
    </li>
  );
}

function PlannedRow({ call }: { call: PlanCall }) {
  return (
    <li className="upstream-row" data-kind="call" data-endpoint={call.endpoint}>
      <span className="upstream-label" title={label(call)}>
        {label(call)}
      </span>
      <span className="upstream-figure">
        {call.upTo ? `up to ${call.upTo} calls` : 'planned'}
        {call.cacheable ? ', cacheable' : ''}
      </span>
      <span className="upstream-track">
        <span className="upstream-bar upstream-bar-planned" style={{ left: 0, width: '100%' }} />
      </span>
    </li>
  );
}

function ReadRow({ read, scale }: { read: PlanRead; scale: number }) {
  const where = read.store ? `${SOURCE_WORDS[read.source]} (${read.store})` : SOURCE_WORDS[read.source];
  return (
    <li className="upstream-row" data-kind={read.source} data-endpoint={read.endpoint}>
      <span className="upstream-label">{read.endpoint}</span>
      <span className="upstream-figure" title={`${read.count} × ${where}`}>
        {read.count} × {where}
      </span>
      <span className="upstream-track">
        <span className={`upstream-mark upstream-mark-${read.source}`} style={{ left: `${(read.firstMs / scale) * 100}%` }} title={where} />
      </span>
    </li>
  );
}

export function Waterfall({ plan }: { plan: Plan }) {
  const dry = plan.mode === 'dry-run';
  const ends = plan.calls.map((c) => (c.startMs ?? 0) + (c.durationMs ?? 0));
  const scale = Math.max(plan.durationMs ?? 0, ...ends, 1);
  return (
    <div className="upstream-waterfall">
      <p className="upstream-summary" data-testid="upstream-summary">
        {dry ? 'Dry run, nothing called: ' : ''}
        estimated {plan.estimated} call{plan.estimated === 1 ? '' : 's'} · actual {plan.actual}
        {dry ? '' : ` · ${format(plan.durationMs ?? 0)} ms in all`}
      </p>
      {dry ? null : (
        <div className="upstream-axis" aria-hidden="true">
          <span>0</span>
          <span>{format(scale / 2)} ms</span>
          <span>{format(scale)} ms</span>
        </div>
      )}
      <ul className="upstream-rows" aria-label="Upstream calls">
        {plan.calls.length === 0 ? <li className="upstream-empty">No upstream call.</li> : null}
        {plan.calls.map((call, i) => (dry ? <PlannedRow key={i} call={call} /> : <CallRow key={i} call={call} scale={scale} />))}
      </ul>
      {plan.reads.length > 0 ? (
        <ul className="upstream-rows" aria-label="Reads without a call">
          {plan.reads.map((read, i) => (
            <ReadRow key={i} read={read} scale={scale} />
          ))}
        </ul>
      ) : null}
      {plan.batches.length > 0 ? (
        <ul className="upstream-decisions" aria-label="Planner decisions">
          {plan.batches.map((batch, i) => (
            <li key={i}>
              {batch.loader}, {batch.keys} id{batch.keys === 1 ? '' : 's'}: {batch.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
