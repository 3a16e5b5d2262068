// The progress line as units: its wording, its recent rate, its pace and how it rewrites itself.
// Expected figures are worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import { formatCheckProgress, formatDuration, formatMatrixProgress, formatSimulateProgress, RecentRate } from '../../cli/progress.ts';
import { clearStatusLine, fitWidth, StatusLine } from '../../cli/status-line.ts';
import { commanderErrorLine, errorLine } from '../../cli/error-line.ts';
import { printable } from '../../traces/printable.ts';

describe('formatDuration', () => {
  it('says seconds, then minutes and seconds, then hours and minutes', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(59_499)).toBe('59 s');
    expect(formatDuration(59_500)).toBe('1 min 00 s'); // rounds to 60 s
    expect(formatDuration(65_000)).toBe('1 min 05 s');
    expect(formatDuration(3_599_000)).toBe('59 min 59 s');
    expect(formatDuration(3_600_000)).toBe('1 h 00 min');
    expect(formatDuration(7_620_000)).toBe('2 h 07 min'); // 127 minutes
    expect(formatDuration(-5)).toBe('0 s');
  });
});

describe('RecentRate', () => {
  it('measures from the start until the window fills', () => {
    const r = new RecentRate(5000);
    expect(r.add(0, 0)).toBeUndefined();
    expect(r.add(1000, 100)).toBe(100);
    expect(r.add(2000, 300)).toBe(150); // 300 in 2 s
  });

  it('follows a search that slows down, where the average since the start does not', () => {
    const r = new RecentRate(5000);
    // 1,000 a second for 10 s, then 100 a second.
    for (let s = 1; s <= 10; s++) r.add(s * 1000, s * 1000);
    let last: number | undefined;
    for (let s = 11; s <= 16; s++) last = r.add(s * 1000, 10_000 + (s - 10) * 100);
    // Over the last 5 s (11 s to 16 s): 10,600 - 10,100 = 500 in 5 s. The average would be 10,600 / 16 = 662.5.
    expect(last).toBe(100);
  });
});

const progress = { depth: 12, elapsedMs: 65_000, generatedStates: 1_234_567, distinctStates: 123_456, queueSize: 7_890 };

describe('the progress lines', () => {
  it('check: depth, time so far, the recent rate, TLC\'s figures', () => {
    expect(formatCheckProgress(progress, 45_678.4)).toBe(
      'Progress(12) after 1 min 05 s: 1,234,567 states generated (45,678 s/sec recently), 123,456 distinct, 7,890 left on queue.',
    );
    expect(formatCheckProgress(progress, undefined)).toContain('(n/a s/sec recently)');
  });

  it('simulate: walks out of --runs, steps per second, time left from the recent walk rate', () => {
    const p = { walks: 40, shrinking: false, shrinkWalks: 0, steps: 12_345, elapsedMs: 4000 };
    // 60 walks left at 10 walks a second: 6 s.
    expect(formatSimulateProgress(p, 100, { steps: 3086.25, walks: 10 })).toBe('Walk 40/100, 12,345 steps, 3,086 steps/sec, about 6 s left.');
    expect(formatSimulateProgress(p, 100, {})).toBe('Walk 40/100, 12,345 steps, n/a steps/sec, time left unknown.');
    expect(formatSimulateProgress({ ...p, shrinking: true, shrinkWalks: 7 }, 100, { steps: 500 })).toBe(
      'Shrinking the violation found in walk 40: 7 walks tried, 500 steps/sec, 4 s so far.',
    );
  });

  it('matrix: rows done out of the total and the row being checked', () => {
    const row = { index: 2, total: 8, name: 'deferred-notify / skip' };
    expect(formatMatrixProgress(row)).toBe('Matrix: 2/8 rows done, checking deferred-notify / skip.');
    expect(formatMatrixProgress(row, progress)).toBe('Matrix: 2/8 rows done, checking deferred-notify / skip: 123,456 distinct states, depth 12, after 1 min 05 s.');
  });
});

/** A terminal that records what is written, and a clock the test moves. */
function fakeTerminal(columns = 80) {
  const writes: string[] = [];
  let now = 0;
  const line = new StatusLine({ columns, write: (t: string) => writes.push(t) }, 1000, () => now);
  return { line, writes, at: (t: number) => { now = t; } };
}

describe('StatusLine', () => {
  it('rewrites one line in place (carriage return, clear line), never a newline', () => {
    const { line, writes, at } = fakeTerminal();
    line.show('first');
    at(1000);
    line.show('second');
    expect(writes).toEqual(['\r\x1b[2Kfirst', '\r\x1b[2Ksecond']);
    expect(writes.join('')).not.toContain('\n');
  });

  it('shows at most one line a second, except a forced one (a new phase)', () => {
    const { line, writes, at } = fakeTerminal();
    line.show('a'); // t = 0
    at(500);
    line.show('b'); // too soon
    at(600);
    line.show('c', true); // forced
    at(1500);
    line.show('d'); // 900 ms after c: too soon
    at(1600);
    line.show('e');
    expect(writes).toEqual(['\r\x1b[2Ka', '\r\x1b[2Kc', '\r\x1b[2Ke']);
  });

  it('computes a line only when it is due', () => {
    const { line, at } = fakeTerminal();
    let calls = 0;
    const text = () => `line ${++calls}`;
    line.show(text);
    for (let t = 1; t < 1000; t += 100) { at(t); line.show(text); }
    expect(calls).toBe(1);
  });

  it('cuts a line to the terminal width, so that the carriage return clears all of it', () => {
    const { line, writes } = fakeTerminal(10);
    line.show('abcdefghijklmnop');
    expect(writes[0]).toBe('\r\x1b[2Kabcdefgh…'); // 9 columns: 8 characters and the ellipsis
    expect(fitWidth('short', 9)).toBe('short');
    expect(fitWidth('→→→→→→', 4)).toBe('→→→…'); // counted in characters, not UTF-16 units
  });

  it('clears itself once, and clearStatusLine clears the line shown', () => {
    const { line, writes } = fakeTerminal();
    line.clear(); // nothing shown yet
    expect(writes).toEqual([]);
    line.show('x');
    clearStatusLine();
    line.clear();
    expect(writes).toEqual(['\r\x1b[2Kx', '\r\x1b[2K']);
  });
});

describe('error lines', () => {
  it('keep commander\'s suggestion on the one line', () => {
    expect(commanderErrorLine("error: unknown command 'chek'\n(Did you mean check?)\n")).toBe("dropcheck: unknown command 'chek' (did you mean check?)");
    expect(commanderErrorLine("error: unknown option '--jsno'\n(Did you mean one of --json, --spec?)")).toBe("dropcheck: unknown option '--jsno' (did you mean one of --json, --spec?)");
  });

  it('escape what the user typed: a newline or an escape sequence in it stays visible text on the line', () => {
    expect(commanderErrorLine("error: unknown option '--a\nb'")).toBe("dropcheck: unknown option '--a\\u000ab'");
    expect(errorLine('--const x=\u001b[2J\u202e: not allowed')).toBe('dropcheck: --const x=\\u001b[2J\\u202e: not allowed');
  });
});

describe('printable', () => {
  it('escapes every bidirectional control and the Unicode line separators', () => {
    const bidi = ['\u061c', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
    for (const c of [...bidi, '\u2028', '\u2029']) expect(printable(`a${c}b`)).toBe(`a\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}b`);
    // Neighbours that are ordinary text stay as they are.
    expect(printable('\u2027\u202f\u2065\u206a é→')).toBe('\u2027\u202f\u2065\u206a é→');
  });
});
