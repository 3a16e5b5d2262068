// Other tools write every integer as {"#bigint": "..."} (Quint does), which reads back as a bigint,
// while a TypeScript model holds numbers. In ITF both denote the same integer, so a trace from
// another tool is compared with integers in the safe range as numbers.
import { List, Map as IMap, Set as ISet, Record as IRecord } from 'immutable';
import type { State } from '../checker/model.ts';
import { kindOf, recordEntries, type Value } from '../checker/value.ts';
import type { LoadedTrace } from './read-trace.ts';

function safeIntegersAsNumbers(v: Value): Value {
  switch (kindOf(v)) {
    case 'bigint': {
      const b = v as bigint;
      return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
    }
    case 'seq': return List.isList(v) ? (v as List<Value>).map(safeIntegersAsNumbers) : (v as readonly Value[]).map(safeIntegersAsNumbers);
    case 'set': return (v as ISet<Value>).map(safeIntegersAsNumbers);
    case 'map': return (v as IMap<Value, Value>).mapEntries(([k, x]) => [safeIntegersAsNumbers(k), safeIntegersAsNumbers(x)]);
    case 'rec': {
      if (IRecord.isRecord(v)) {
        let r = v as IRecord<any>;
        for (const [k, x] of recordEntries(v as object)) r = r.set(k, safeIntegersAsNumbers(x));
        return r;
      }
      return Object.fromEntries(recordEntries(v as object).map(([k, x]) => [k, safeIntegersAsNumbers(x)]));
    }
    default: return v;
  }
}

/** The trace as a model would hold it: unchanged when dropcheck wrote it (its bigints are bigints). */
export function withModelIntegers(trace: LoadedTrace): LoadedTrace {
  if (trace.meta.source === 'dropcheck') return trace;
  return {
    ...trace,
    states: trace.states.map((s) => safeIntegersAsNumbers(s as Value) as State),
    actions: trace.actions.map((a) => (a ? { ...a, params: safeIntegersAsNumbers(a.params as Value) as typeof a.params } : a)),
  };
}
