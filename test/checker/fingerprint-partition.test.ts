// Over every state the protocol model generates, fingerprints must split states exactly as their
// canonical ITF text does: one fingerprint per text and one text per fingerprint. The text is
// built by other code (traces/itf-value.ts), so this checks the fingerprint against an
// independent notion of equality, on real states rather than random pairs.
import { describe, expect, it } from 'vitest';
import { resolveConsts } from '../../checker/consts.ts';
import { fingerprintHex } from '../../checker/fingerprint.ts';
import type { AnyModel, State } from '../../checker/model.ts';
import type { Value } from '../../checker/value.ts';
import dropModel from '../../model/index.ts';

const model: AnyModel = dropModel;
import { toItf } from '../../traces/itf-value.ts';

function partitionsAgree(raw: Record<string, string>): { generated: number; distinct: number } {
  const consts = resolveConsts(model, raw);
  const fpOfText = new Map<string, string>();
  const textOfFp = new Map<string, string>();
  let generated = 0;
  const visit = (s: State, into: State[]) => {
    generated++;
    const text = JSON.stringify(toItf(s as Value));
    const fp = fingerprintHex(s as Value);
    const knownFp = fpOfText.get(text);
    if (knownFp !== undefined) {
      expect(fp).toBe(knownFp);
      return;
    }
    expect(textOfFp.get(fp)).toBeUndefined(); // a new state must not share a fingerprint
    fpOfText.set(text, fp);
    textOfFp.set(fp, text);
    into.push(s);
  };
  let frontier: State[] = [];
  for (const s of model.init(consts)) visit(s, frontier);
  while (frontier.length > 0) {
    const next: State[] = [];
    for (const s of frontier) for (const a of model.actions) for (const { state } of a.successors(s, consts)) visit(state, next);
    frontier = next;
  }
  return { generated, distinct: fpOfText.size };
}

describe('fingerprints against canonical ITF text, on every generated protocol state', () => {
  it('catalog-first, 1 sink', () => {
    const r = partitionsAgree({ drop: 'catalog-first' });
    // The default matrix's catalog-first / skip row (3,240 before a scheduled Stop could ride a
    // barrier past the epoch budget).
    expect(r.distinct).toBe(3948);
    expect(r.generated).toBeGreaterThan(r.distinct);
  });

  it('deferred-notify, 2 sinks, 3 epochs', () => {
    const r = partitionsAgree({ drop: 'deferred-notify', sinks: '2', maxEpoch: '3' });
    expect(r.distinct).toBeGreaterThan(1000);
  });
});
