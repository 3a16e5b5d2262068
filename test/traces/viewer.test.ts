import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { LoadedTrace } from '../../traces/read-trace.ts';
import { dieHardTrace } from './die-hard-trace.ts';
import { initialViewerState, pressKey, renderScreen, wrap, type Key, type ViewerState } from '../../traces/viewer.ts';


const press = (s: ViewerState, ...keys: Key[]): ViewerState | 'quit' =>
  keys.reduce<ViewerState | 'quit'>((acc, k) => (acc === 'quit' ? acc : pressKey(acc, k, 7, 10)), s);
const typed = (ch: string): Key => ({ name: ch.toLowerCase(), sequence: ch });
const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;?]*[a-zA-Z]/g, '');

describe('viewer keys', () => {
  it('move by step and to the ends, never past them', () => {
    expect(press(initialViewerState, { name: 'right' }, typed('j'))).toMatchObject({ step: 2 });
    expect(press(initialViewerState, { name: 'left' })).toMatchObject({ step: 0 });
    expect(press(initialViewerState, typed('G'))).toMatchObject({ step: 6 });
    expect(press(initialViewerState, typed('G'), typed('j'), typed('k'), typed('k'))).toMatchObject({ step: 4 });
    expect(press(initialViewerState, typed('G'), typed('g'))).toMatchObject({ step: 0 });
  });

  it('toggle all variables, filter by typing after /, and quit', () => {
    expect(press(initialViewerState, typed('a'))).toMatchObject({ all: true });
    expect(press(initialViewerState, typed('a'), typed('a'))).toMatchObject({ all: false });
    const filtering = press(initialViewerState, typed('/'), typed('s'), typed('m'), typed('x'), { name: 'backspace' });
    expect(filtering).toMatchObject({ editing: 'sm', filter: '' });
    expect(press(filtering as ViewerState, { name: 'return' })).toEqual({ ...initialViewerState, filter: 'sm' });
    // q while typing is a letter of the filter, not quit.
    expect(press(initialViewerState, typed('/'), typed('q'))).toMatchObject({ editing: 'q' });
    expect(press(initialViewerState, typed('q'))).toBe('quit');
    expect(press(initialViewerState, { name: 'c', ctrl: true })).toBe('quit');
  });
});

describe('viewer screen', () => {
  it('draws the title, the coloured diff, the violation at the end and the key help', () => {
    const t = dieHardTrace();
    const { screen } = renderScreen(t, { ...initialViewerState, step: 6 }, 80, 10);
    const rows = screen.split('\r\n');
    expect(rows).toHaveLength(10);
    expect(stripAnsi(rows[0]!)).toMatch(/^ State 7\/7: BigToSmall +changed variables $/);
    expect(stripAnsi(rows[1]!)).toBe('Trace of model DieHard: 7 states');
    expect(rows[2]).toBe('\x1b[33m  ~ big: 5 -> 4\x1b[0m');
    expect(stripAnsi(rows[8]!)).toBe('Invariant NotSolved is violated: the big jug holds 4 gallons');
    expect(stripAnsi(rows[9]!)).toContain('q quit');
    expect(stripAnsi(renderScreen(t, initialViewerState, 80, 10).screen)).not.toContain('violated');
  });

  it('wraps long lines to the width and scrolls a step longer than the screen', () => {
    const vars = Array.from({ length: 30 }, (_, i) => `v${String(i).padStart(2, '0')}`);
    const state = Object.fromEntries(vars.map((v) => [v, 'x'.repeat(100)]));
    const t: LoadedTrace = { meta: {}, vars, states: [state], actions: [undefined] };
    // Each `  v00 = "xxx…"` is 110 columns: three rows at width 50, so 90 rows in all.
    const first = renderScreen(t, initialViewerState, 50, 10);
    const rows = first.screen.split('\r\n').map(stripAnsi);
    expect(rows[0]).toContain('lines 1-7/90');
    expect(rows.slice(2, 5).map((r) => r.trim()).join('').replace(/^v00 = /, '')).toBe(JSON.stringify('x'.repeat(100)));
    const scrolled = renderScreen(t, { ...initialViewerState, scroll: 1000 }, 50, 10);
    expect(scrolled.scroll).toBe(83);
    expect(stripAnsi(scrolled.screen.split('\r\n')[8]!).trim()).toBe('xxxxxxxxxxxxxxx"');
    for (const row of scrolled.screen.split('\r\n')) expect([...stripAnsi(row)].length).toBeLessThanOrEqual(50);
  });

});

describe('wrap', () => {
  it('breaks at a space when it can, else at the width, indenting what follows', () => {
    expect(wrap('row not found: sink s1 read its progress row', 20)).toEqual(['row not found: sink', '     s1 read its', '     progress row']);
    expect(wrap('x'.repeat(25), 10)).toEqual(['xxxxxxxxxx', '  xxxxxxxx', '  xxxxxxx']);
    expect(wrap('short', 10)).toEqual(['short']);
  });
});

describe('viewer keys on any sequence', () => {
  const key = fc.oneof(
    fc.constantFrom<Key>({ name: 'right' }, { name: 'left' }, { name: 'up' }, { name: 'down' }, { name: 'pageup' }, { name: 'pagedown' }, { name: 'return' }, { name: 'escape' }, { name: 'backspace' }),
    fc.constantFrom('j', 'k', 'g', 'G', 'a', '/', 's', 'x').map(typed),
  );
  test.prop([fc.array(key, { maxLength: 40 })])('keep the step in the trace and the screen within its size', (keys) => {
    const t = dieHardTrace();
    let s: ViewerState = initialViewerState;
    for (const k of keys) {
      const next = pressKey(s, k, t.states.length, 5);
      if (next === 'quit') break;
      s = next;
      expect(s.step).toBeGreaterThanOrEqual(0);
      expect(s.step).toBeLessThan(t.states.length);
      const rows = renderScreen(t, s, 40, 8).screen.split('\r\n');
      expect(rows).toHaveLength(8);
      for (const row of rows) expect([...stripAnsi(row)].length).toBeLessThanOrEqual(40);
    }
  });
});
