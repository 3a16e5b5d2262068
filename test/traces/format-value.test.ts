import { List, Map as IMap, Set as ISet } from 'immutable';
import { describe, expect, it } from 'vitest';
import { formatValue, formatValueLines } from '../../traces/format-value.ts';

describe('formatValue', () => {
  it('prints values in TLA+ notation, sets and maps in one order', () => {
    expect(formatValue({ b: [1, 'x'], a: true })).toBe('[a |-> TRUE, b |-> <<1, "x">>]');
    expect(formatValue(ISet(['b', 'a']))).toBe('{"a", "b"}');
    expect(formatValue(IMap([['r2', 2], ['r1', 1]]))).toBe('("r1" :> 1 @@ "r2" :> 2)');
    expect(formatValue(List())).toBe('<<>>');
    expect(formatValue(12345678901234567890n)).toBe('12345678901234567890');
  });

  it('breaks a value over lines only when it does not fit', () => {
    const v = IMap([['s1', { phase: 'live', stopEpoch: 0 }], ['s2', { phase: 'scheduled', stopEpoch: 3 }]]);
    expect(formatValueLines(v, 200)).toEqual([formatValue(v)]);
    expect(formatValueLines(v, 60)).toEqual([
      '(',
      '  "s1" :> [phase |-> "live", stopEpoch |-> 0] @@',
      '  "s2" :> [phase |-> "scheduled", stopEpoch |-> 3]',
      ')',
    ]);
  });
});

describe('formatValueLines at a narrow width', () => {
  it('nests deeper and keeps every element', () => {
    const v = IMap([['s1', { phase: 'live', stopEpoch: 0 }]]);
    const lines = formatValueLines(v, 20);
    expect(lines).toEqual(['(', '  "s1" :> [', '    phase |-> "live",', '    stopEpoch |-> 0', '  ]', ')']);
  });
});
