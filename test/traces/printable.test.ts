// A trace's names, labels and reasons are data: an escape sequence in them reaches the terminal
// as visible text, never as a command.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../checker/errors.ts';
import { printable } from '../../traces/printable.ts';
import { parseTrace, type LoadedTrace } from '../../traces/read-trace.ts';
import { plainTrace } from '../../traces/render-trace.ts';
import { initialViewerState, renderScreen } from '../../traces/viewer.ts';

const ESC = '\x1b';
const hostile: LoadedTrace = {
  meta: { model: `M${ESC}]0;owned${ESC}\\`, violation: { kind: 'invariant', name: `I${ESC}[2J`, reason: `gone\r\n${ESC}[31m` } },
  vars: [`v${ESC}[8m`],
  states: [{ [`v${ESC}[8m`]: 1 }, { [`v${ESC}[8m`]: 2 }],
  actions: [undefined, { name: `A${ESC}[?1049l`, params: { [`p${ESC}`]: 1 } }],
};

describe('printable', () => {
  it('escapes C0, DEL and C1 control characters and leaves the rest', () => {
    expect(printable(`a${ESC}[31mb\u009bc\u007fé→`)).toBe('a\\u001b[31mb\\u009bc\\u007fé→');
  });

  it('keeps control characters of a trace out of the plain form', () => {
    for (const line of plainTrace(hostile)) expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it('keeps control characters of a trace out of the screen, whose only escapes are its own colours', () => {
    for (const step of [0, 1]) {
      const { screen } = renderScreen(hostile, { ...initialViewerState, step }, 80, 12);
      const withoutOwn = screen.split('\r\n').join('').replace(/\x1b\[[0-9;]*m/g, '');
      expect(withoutOwn).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      expect(withoutOwn).toContain('\\u001b');
    }
  });

  it('keeps them out of reading errors', () => {
    try {
      parseTrace(JSON.stringify({ vars: ['x'], states: [{ x: 1, [`y${ESC}[2J`]: 1 }] }), 't');
      throw new Error('expected an InputError');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as Error).message).toBe('t: $.states[0].y\\u001b[2J: not one of the trace\'s vars');
    }
  });
});

describe('the screen of a hostile trace', () => {
  it('still fits its width once control characters are escaped', () => {
    const { screen } = renderScreen(hostile, { ...initialViewerState, step: 1 }, 30, 12);
    for (const row of screen.split('\r\n')) expect([...row.replace(/\x1b\[[0-9;]*m/g, '')].length).toBeLessThanOrEqual(30);
  });
});
