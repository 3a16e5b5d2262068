import { describe, expect, it } from 'vitest';
import { plainTrace, stepLines } from '../../traces/render-trace.ts';
import type { LoadedTrace } from '../../traces/read-trace.ts';
import { dieHardTrace } from './die-hard-trace.ts';

describe('plainTrace', () => {
  it('shows each action and only what it changed, then the violation', () => {
    expect(plainTrace(dieHardTrace()).slice(0, 9)).toEqual([
      'State 1/7: <Initial state>',
      '  big = 0',
      '  small = 0',
      'State 2/7: FillBigJug',
      '  ~ big: 0 -> 5',
      '  (1 unchanged: small)',
      'State 3/7: BigToSmall',
      '  ~ big: 5 -> 2',
      '  ~ small: 0 -> 3',
    ]);
    expect(plainTrace(dieHardTrace()).at(-1)).toBe('Invariant NotSolved is violated: the big jug holds 4 gallons');
  });

  it('shows unchanged variables with all, and filters by name', () => {
    const t = dieHardTrace();
    expect(stepLines(t, 1, { all: true }).map((l) => l.text)).toEqual(['  ~ big: 0 -> 5', '  small = 0']);
    expect(stepLines(t, 1, { filter: 'SMA' }).map((l) => l.text)).toEqual(['  (1 unchanged: small)']);
    expect(stepLines(t, 1, { filter: 'zzz' }).map((l) => l.text)).toEqual(['  (no variable matches "zzz")']);
  });

  it('marks the kind of each line for colouring', () => {
    const t: LoadedTrace = { meta: {}, vars: ['s'], states: [{ s: [1] }, { s: [2, 3] }], actions: [undefined, undefined] };
    expect(stepLines(t, 1)).toEqual([
      { kind: 'changed', text: '  ~ s[1]: 1 -> 2' },
      { kind: 'added', text: '  + s[2]: 3' },
    ]);
    expect(plainTrace(t)[2]).toBe('State 2/2: <action not recorded>');
  });
});

describe("Quint's mbt:: variables", () => {
  it('are shown as the step label, and as variables only with all', () => {
    const t: LoadedTrace = {
      meta: {},
      vars: ['x', 'mbt::actionTaken'],
      states: [{ x: 1, 'mbt::actionTaken': 'init' }, { x: 2, 'mbt::actionTaken': 'inc' }],
      actions: [undefined, { name: 'inc', params: {} }],
    };
    expect(plainTrace(t)).toEqual(['State 1/2: <Initial state>', '  x = 1', 'State 2/2: inc', '  ~ x: 1 -> 2']);
    expect(stepLines(t, 1, { all: true }).map((l) => l.text)).toEqual(['  ~ x: 1 -> 2', '  ~ mbt::actionTaken: "init" -> "inc"']);
  });
});
