// States are frozen before any model code sees them, so an action that modifies the state it is
// given fails loudly instead of corrupting the search (the seen-set would otherwise keep the
// parent's fingerprint for a changed value, and the search would miss states without a word).
import { Record as IRecord, isImmutable } from 'immutable';
import type { State } from './model.ts';
import type { Value } from './value.ts';

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
