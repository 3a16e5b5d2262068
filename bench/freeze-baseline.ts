// The deep freeze the engine used before it verified states instead (checker/mutation-guard.ts),
// kept as the baseline of bench/mutation-check.ts. It missed mutations made by sloppy-mode
// (CommonJS) code, where writes to frozen objects are silently ignored, and it makes slice() on
// a frozen array many times slower.
import { Record as IRecord, isImmutable } from 'immutable';
import type { State } from '../checker/model.ts';
import type { Value } from '../checker/value.ts';

const freezeMember = (x: unknown): void => {
  if (typeof x === 'object' && x !== null) freezeValue(x as Value);
};

function freezeValue(v: Value): void {
  if (typeof v !== 'object' || v === null) return;
  if (isImmutable(v)) {
    // The collection itself cannot change; plain objects and arrays inside it could.
    if (IRecord.isRecord(v)) (v as IRecord<any>).toSeq().forEach(freezeMember);
    else (v as unknown as { forEach(f: (x: unknown, k: unknown) => void): void }).forEach((x, k) => { freezeMember(x); freezeMember(k); });
    return;
  }
  // A frozen object was frozen here before, with everything in it: successors share such parts.
  if (Object.isFrozen(v)) return;
  Object.freeze(v);
  if (Array.isArray(v)) for (const x of v) freezeMember(x);
  else for (const k in v) freezeMember((v as { [k: string]: unknown })[k]);
}

/** Deep-freezes the plain objects and arrays of a state (immutable.js collections already are). */
export function freezeState(s: State): void {
  freezeValue(s as Value);
}
