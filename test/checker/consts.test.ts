// Parameters as typed on the command line (`--const NAME=VALUE`) or read from a trace file:
// each accepted value is converted to its type, every other one refused with one line that names
// the parameter and what it accepts. In process, so that mutation testing sees these checks.
import { describe, expect, it } from 'vitest';
import { describeAllowed, parseConstAssignments, resolveConsts, validateConsts } from '../../checker/consts.ts';
import { InputError } from '../../checker/errors.ts';
import { defineModel, type ParamSpec } from '../../checker/model.ts';

const model = defineModel<{ x: number }>({
  name: 'Params',
  description: 'one of each kind of parameter',
  params: [
    { name: 'n', type: 'int', default: 3, min: 1, max: 5, description: 'bounded int' },
    { name: 'k', type: 'int', default: -2, description: 'any int' },
    { name: 'mode', type: 'string', default: 'a', allowed: ['a', 'b'], description: 'enumeration' },
    { name: 'label', type: 'string', default: '', description: 'free text' },
    { name: 'on', type: 'bool', default: false, description: 'switch' },
  ],
  init: () => [{ x: 0 }],
  actions: [{ name: 'Stay', description: 'nothing', successors: () => [] }],
  invariants: [],
});

const refused = (f: () => unknown, message: string) => {
  expect(f).toThrow(InputError);
  expect(f).toThrow(message);
};

describe('resolveConsts', () => {
  it('gives the defaults when nothing is set, frozen', () => {
    const c = resolveConsts(model);
    expect(c).toEqual({ n: 3, k: -2, mode: 'a', label: '', on: false });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('converts each value to its parameter\'s type, at the edges of its range', () => {
    expect(resolveConsts(model, { n: '1', k: '-7', mode: 'b', label: 'x=y', on: 'true' })).toEqual({ n: 1, k: -7, mode: 'b', label: 'x=y', on: true });
    expect(resolveConsts(model, { n: '5', on: 'false' })).toMatchObject({ n: 5, on: false });
    expect(resolveConsts(model, { n: ' 4 ' })).toMatchObject({ n: 4 });
  });

  it('refuses values outside the type or range, naming the parameter and what it accepts', () => {
    refused(() => resolveConsts(model, { n: '0' }), '--const n=0: out of range (allowed: 1..5)');
    refused(() => resolveConsts(model, { n: '6' }), '--const n=6: out of range (allowed: 1..5)');
    refused(() => resolveConsts(model, { n: '2.5' }), '--const n=2.5: not an integer (allowed: 1..5)');
    refused(() => resolveConsts(model, { n: '' }), '--const n=: not an integer');
    refused(() => resolveConsts(model, { k: '1e3' }), '--const k=1e3: not an integer (allowed: any integer)');
    refused(() => resolveConsts(model, { k: '99999999999999999999' }), '--const k=99999999999999999999: integer out of range');
    refused(() => resolveConsts(model, { on: 'yes' }), '--const on=yes: not a boolean (allowed: true | false)');
    refused(() => resolveConsts(model, { on: 'TRUE' }), '--const on=TRUE: not a boolean');
    refused(() => resolveConsts(model, { mode: 'c' }), '--const mode=c: not allowed (allowed: a | b)');
  });

  it('refuses an unknown parameter, listing the model\'s', () => {
    refused(() => resolveConsts(model, { size: '1' }), '--const size: model Params has no parameter size (parameters: n, k, mode, label, on)');
    const bare = { ...model, params: [] };
    refused(() => resolveConsts(bare, { n: '1' }), '(parameters: none)');
  });
});

describe('describeAllowed', () => {
  const int = (over: Partial<ParamSpec>): ParamSpec => ({ name: 'p', type: 'int', default: 0, description: 'd', ...over });
  it('says the accepted values of each kind of parameter', () => {
    expect(describeAllowed(int({ min: 0, max: 9 }))).toBe('0..9');
    expect(describeAllowed(int({ min: 2 }))).toBe('>= 2');
    expect(describeAllowed(int({ max: -1 }))).toBe('<= -1');
    expect(describeAllowed(int({}))).toBe('any integer');
    expect(describeAllowed(int({ allowed: [1, 2, 4] }))).toBe('1 | 2 | 4');
    expect(describeAllowed({ name: 'b', type: 'bool', default: true, description: 'd' })).toBe('true | false');
    expect(describeAllowed({ name: 's', type: 'string', default: '', description: 'd' })).toBe('any string');
  });
});

describe('parseConstAssignments', () => {
  it('splits NAME=VALUE at the first =', () => {
    expect(parseConstAssignments(['a=1', 'b=x=y', 'c='])).toEqual({ a: '1', b: 'x=y', c: '' });
    expect(parseConstAssignments([])).toEqual({});
  });

  it('refuses an assignment without a name or without =, and a name given twice', () => {
    refused(() => parseConstAssignments(['=1']), '--const =1: expected NAME=VALUE');
    refused(() => parseConstAssignments(['a']), '--const a: expected NAME=VALUE');
    refused(() => parseConstAssignments(['a=1', 'a=2']), '--const a is given twice (a=1 and a=2)');
  });
});

describe('validateConsts', () => {
  it('accepts typed values from a trace file as if typed on the command line', () => {
    expect(validateConsts(model, { n: 2, on: true, mode: 'b' })).toEqual({ n: 2, k: -2, mode: 'b', label: '', on: true });
  });

  it('refuses values that are not numbers, strings or booleans, and values out of range', () => {
    refused(() => validateConsts(model, { n: [1] }), 'parameter n: [1] is not a number, string or boolean');
    refused(() => validateConsts(model, { label: null }), 'parameter label: null is not a number, string or boolean');
    refused(() => validateConsts(model, { n: 9 }), '--const n=9: out of range');
  });
});
