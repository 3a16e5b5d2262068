// The protocol's fairness is load-bearing: the fix holds DropCompletes only because meta's and the
// node's steps are weakly fair; with any of them free to stop, the drop may never finish.
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { resolveConsts } from '../../checker/consts.ts';
import type { AnyModel } from '../../checker/model.ts';
import { validateLasso } from '../../checker/liveness/validate-lasso.ts';
import protocol from '../../model/index.ts';

const model = protocol as AnyModel;
const consts = resolveConsts(model, { drop: 'tombstone-fetch' });
const dropCompletes = (m: AnyModel) => check(m, { consts, invariants: [], checkDeadlock: false, properties: ['DropCompletes'] });
const without = (name: string): AnyModel => ({ ...model, actions: model.actions.map((a) => (a.name === name ? { ...a, fairness: undefined } : a)) });

describe('DropCompletes and the protocol\'s fairness', () => {
  it('holds for tombstone-fetch under the declared fairness', () => {
    expect(dropCompletes(model).temporal!.results[0]!.verdict).toBe('holds');
  });

  it.each(['InjectBarrier', 'ReceiveBarrier', 'SyncEpoch', 'CommitEpoch', 'FinishDrop'])('fails once %s may stop for good, with a lasso that re-validates', (name) => {
    const m = without(name);
    const r = dropCompletes(m).temporal!.results[0]!;
    expect(r.verdict).toBe('violated');
    const v = validateLasso(m, consts, r.violation!.trace, r.violation!.loop, m.properties![0]!);
    expect(v.ok).toBe(true);
    // The same lasso is not a fair behaviour of the model with all its fairness.
    expect(validateLasso(model, consts, r.violation!.trace, r.violation!.loop, model.properties![0]!)).toMatchObject({ ok: false, message: expect.stringMatching(/is not fair/) });
  });
});
