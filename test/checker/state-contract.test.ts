// What every command requires of a state and of an invariant's result, asked directly: the
// shapes no command's model reaches easily (null, a string, an object without a prototype) and
// how errors from elsewhere are passed on or explained.
import { describe, expect, it } from 'vitest';
import { ModelError } from '../../checker/errors.ts';
import { checkedFingerprint, invalidStateError, invariantReason, modelCodeError, shapeProblem, stateProblem } from '../../checker/state-contract.ts';
import type { State } from '../../checker/model.ts';

const notPlain = (what: string) => `the state is ${what}, not a plain object of variables`;

describe('shapeProblem', () => {
  it('names what was given instead of a plain object', () => {
    expect(shapeProblem(null)).toBe(notPlain('null'));
    expect(shapeProblem('idle')).toBe(notPlain('the string "idle"'));
    expect(shapeProblem(7)).toBe(notPlain('7'));
    expect(shapeProblem(new Date(0))).toBe(notPlain('a Date'));
    expect(shapeProblem(Object.create(Object.create(null)))).toBe(notPlain('a object'));
  });

  it('accepts an object without a prototype, as a record', () => {
    const bare = Object.assign(Object.create(null) as object, { x: 1 });
    expect(shapeProblem(bare, { x: 0 })).toBeUndefined();
    expect(stateProblem(bare)).toBeUndefined();
  });

  it('lists every variable added and removed', () => {
    expect(shapeProblem({ b: 1, c: 1 }, { a: 1, b: 1 })).toBe('it changed the set of variables (added c, removed a): every state has the same variables');
  });
});

describe('stateProblem', () => {
  it('names the offending variable wherever it sits', () => {
    expect(stateProblem({ ok: 1, bad: () => 1 })).toMatch(/^bad is a function, which is not a state value/);
    expect(stateProblem({ ok: 1, bad: 2 })).toBeUndefined();
  });
});

describe('invalidStateError', () => {
  it('explains a refusal of the fingerprint walk by the path, and passes on any other error as it is', () => {
    const bad = { xs: [1, undefined] };
    expect((invalidStateError(bad, new ModelError('refused')) as Error).message).toMatch(/^xs\[1\] is undefined, which is not a state value/);
    const unrelated = new TypeError('a bug elsewhere');
    expect(invalidStateError(bad, unrelated)).toBe(unrelated);
    // Nothing to explain: the error itself.
    const refused = new ModelError('refused');
    expect(invalidStateError({ xs: [1] }, refused)).toBe(refused);
  });
});

describe('checkedFingerprint', () => {
  it('refuses what is not a plain object before hashing it', () => {
    expect(() => checkedFingerprint(7 as unknown as State)).toThrow(new ModelError(notPlain('7')));
    expect(() => checkedFingerprint({ x: [NaN] })).toThrow(/^x\[0\] is the non-integer number NaN/);
  });
});

describe('modelCodeError', () => {
  it('locates an error once: an error already located keeps its place', () => {
    const inner = modelCodeError('action A, on a state at depth 2', new Error('boom'));
    expect(inner.message).toBe('action A, on a state at depth 2: boom');
    expect(modelCodeError('invariant I, on a state at depth 2', inner)).toBe(inner);
    expect(modelCodeError('action A, on a state at depth 1', 'thrown text').message).toBe('action A, on a state at depth 1: thrown text');
  });
});

describe('invariantReason', () => {
  const returning = (r: unknown) => ({ name: 'I', description: 'returns r', check: () => r as string | undefined });
  const refusal = (shown: string) => new ModelError(`it returned ${shown}: a check returns undefined when the invariant holds, or the reason (a string) when it is violated`);

  it('a reason or undefined is the verdict; anything else is a model error, shown as JSON or by its type', () => {
    expect(invariantReason(returning(undefined), {}, {})).toBeUndefined();
    expect(invariantReason(returning('why'), {}, {})).toBe('why');
    expect(() => invariantReason(returning({ a: 1 }), {}, {})).toThrow(refusal('{"a":1}'));
    expect(() => invariantReason(returning(() => 1), {}, {})).toThrow(refusal('function'));
    expect(() => invariantReason(returning(1n), {}, {})).toThrow(refusal('bigint'));
  });
});
