// The liveness phase's cost beside the safety search's, on the protocol model and on a TLA+
// Examples model of more than 100,000 states. Each model is searched twice in the same process:
// without temporal properties (no graph recorded) and with them, so the recording's cost on the
// search and the liveness phase's own time compare on the same machine load.
import { check } from '../checker/check.ts';
import { resolveConsts } from '../checker/consts.ts';
import type { AnyModel } from '../checker/model.ts';
import allocator from '../examples/simple-allocator.ts';

interface LivenessCase {
  readonly label: string;
  readonly model: AnyModel;
  readonly consts: Record<string, string>;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export function livenessBench(builtin: AnyModel): void {
  const cases: LivenessCase[] = [
    { label: `${builtin.name} sinks=2`, model: builtin, consts: { sinks: '2' } },
    { label: `${builtin.name} sinks=2 cf/fail`, model: builtin, consts: { sinks: '2', drop: 'catalog-first', compaction: 'fail-task' } },
    { label: 'SimpleAllocator 4 cl 3 res', model: allocator, consts: { clients: '4', resources: '3' } },
  ];
  console.log('liveness                         distinct     edges  safety s  +graph s  liveness s  graph B/st  index B/st  verdicts');
  for (const c of cases) {
    const consts = resolveConsts(c.model, c.consts);
    const base = { consts, checkDeadlock: false, continueAfterViolation: true };
    const safety = check(c.model, { ...base, liveness: false });
    const o = check(c.model, base);
    const t = o.temporal!;
    const verdicts = t.results.map((r) => `${r.name} ${r.verdict}`).join(', ');
    console.log([
      c.label.padEnd(30), fmt(o.stats.distinctStates).padStart(10), fmt(t.edges).padStart(9),
      (safety.stats.durationMs / 1000).toFixed(2).padStart(9), (o.stats.durationMs / 1000).toFixed(2).padStart(9),
      (t.durationMs / 1000).toFixed(2).padStart(11), t.bytesPerState.toFixed(1).padStart(11), o.stats.indexBytesPerState.toFixed(1).padStart(11), ` ${verdicts}`,
    ].join(' '));
  }
  console.log('safety s: the search without temporal properties; +graph s: the same search recording the graph and');
  console.log('predicates; liveness s: the liveness phase after it. graph B/st: CSR edges, fingerprint index and predicate');
  console.log('bits per distinct state (typed-array capacity); index B/st: seen-set + state log, as above.');
}
