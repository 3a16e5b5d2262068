// Progress on a real terminal: tmux runs check, simulate, matrix and matrix --history in a pane on a private server,
// records everything they write (pipe-pane) and shows the final screen. The progress line must
// rewrite itself in place, fit the width, and be gone once the result is printed; with --json
// nothing is shown. tmux is required (.ci/run installs it).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath } from '../support/run-cli.ts';

const socket = `dropcheck-progress-test-${process.pid}`;
const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const WIDTH = 100;
const dir = mkdtempSync(join(tmpdir(), 'dropcheck-progress-'));
const raw = join(dir, 'pane.raw');
const CLEAR = '\r\x1b[2K';

const runs = {
  check: ['check', '--const', 'sinks=2'],
  simulate: ['simulate', '--runs', '3000', '--seed', '1'],
  matrix: ['matrix', '--out-dir', 'traces'],
  history: ['matrix', '--history', '--out-dir', 'traces'],
  json: ['matrix', '--const', 'drop=catalog-first', '--json'],
};
/** What each run wrote to the terminal, by run. */
const output: Record<string, string> = {};
let screen = '';

beforeAll(async () => {
  try {
    execFileSync('tmux', ['-V']);
  } catch {
    throw new Error('tmux is needed to test progress on a terminal: install it (apt-get install tmux, as .ci/run does)');
  }
  const q = (s: string) => `'${s}'`;
  const steps = Object.entries(runs).map(([name, args]) => `echo "<<${name}"; ${q(process.execPath)} ${q(cliPath)} ${args.map(q).join(' ')}; echo ">>${name} $?"`);
  // The runs wait for the recording to start (the file 'go'), then keep the pane open for reading.
  const script = `while [ ! -e go ]; do sleep 0.1; done; ${steps.join('; ')}; echo ALL-DONE; sleep 600`;
  tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'p', '-x', String(WIDTH), '-y', '40', '-c', dir, script);
  tmux('pipe-pane', '-t', 'p', '-o', `cat >> ${q(raw)}`);
  writeFileSync(join(dir, 'go'), '');
  const deadline = Date.now() + 270_000;
  while (!(existsSync(raw) && readFileSync(raw, 'utf8').includes('ALL-DONE'))) {
    if (Date.now() > deadline) throw new Error(`the runs did not finish; the pane recorded:\n${existsSync(raw) ? readFileSync(raw, 'utf8') : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const text = readFileSync(raw, 'utf8');
  for (const name of Object.keys(runs)) {
    const m = new RegExp(`<<${name}\\r?\\n([\\s\\S]*?)>>${name} (\\d+)`).exec(text);
    if (!m) throw new Error(`no output of ${name} in:\n${text}`);
    output[name] = m[1]!;
    output[`${name}-exit`] = m[2]!;
  }
  screen = tmux('capture-pane', '-p', '-t', 'p', '-S', '-200');
}, 300_000);

afterAll(() => {
  try { tmux('kill-server'); } catch { /* already gone */ }
  rmSync(dir, { recursive: true, force: true });
});

/** The progress lines a run drew: each starts with the clear sequence and ends where the next write began. */
const progressLines = (out: string, start: string): string[] => out.split(CLEAR).slice(1).map((s) => s.split(/[\r\n]/)[0]!).filter((s) => s.startsWith(start));

describe.each([
  ['check', 'Progress(', 'Model checking completed. No error has been found.'],
  ['simulate', 'Walk ', 'No error found in 3,000 random walks.'],
  ['matrix', 'Matrix: ', 'Verdict matrix of DropSink'],
  ['history', 'Matrix: ', 'History matrix of DropSink'],
])('%s on a terminal', (name, start, result) => {
  it('exits 0 and prints its result', () => {
    expect(output[`${name}-exit`]).toBe('0');
    expect(output[name]).toContain(result);
  });

  it('draws progress lines that overwrite each other and fit the width', () => {
    const lines = progressLines(output[name]!, start);
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const l of lines) expect([...l].length).toBeLessThan(WIDTH);
    // No progress line is ever ended by a newline: each gives way to the next one, or is cleared.
    expect(output[name]).not.toMatch(new RegExp(`${start.replace(/[()]/g, '\\$&')}[^\\r\\n]*\\r?\\n`));
  });

  it('clears the last one before printing the result', () => {
    const out = output[name]!;
    expect(out.lastIndexOf(CLEAR)).toBeLessThan(out.indexOf(result));
    expect(out.slice(out.lastIndexOf(CLEAR) + CLEAR.length).startsWith(start)).toBe(false);
  });
});

describe('the matrix progress', () => {
  it('names every row as it starts, with the rows done out of the total', () => {
    const starts = progressLines(output.matrix!, 'Matrix: ').filter((l) => l.endsWith('.') && !l.includes('distinct'));
    expect(starts).toEqual([
      'catalog-first / skip', 'catalog-first / fail-task', 'deferred-notify / skip', 'deferred-notify / fail-task',
      'tombstone-fetch / skip', 'tombstone-fetch / fail-task', 'stop-first / skip', 'stop-first / fail-task',
    ].map((row, i) => `Matrix: ${i}/8 rows done, checking ${row}.`));
  });
});

describe('the history matrix progress', () => {
  it('names every version as its row starts, with the rows done out of the total', () => {
    const starts = progressLines(output.history!, 'Matrix: ').filter((l) => l.endsWith('.') && !l.includes('distinct'));
    expect(starts).toEqual(['pre-v2.4', 'v2.4', 'v2.6', 'v2.7', 'v2.8.0', 'v2.8.3', 'v2.8.4', 'head'].map((row, i) => `Matrix: ${i}/8 rows done, checking ${row}.`));
  });
});

describe('with --json on a terminal', () => {
  it('shows no progress: the output is one JSON document', () => {
    expect(output['json-exit']).toBe('0');
    expect(output.json).not.toContain('\x1b[');
    expect(JSON.parse(output.json!.replace(/\r/g, ''))).toHaveLength(2);
  });
});

describe('the final screen', () => {
  it('keeps no progress line', () => {
    expect(screen).toContain('ALL-DONE');
    expect(screen).not.toMatch(/Progress\(|Walk \d|Matrix: \d/);
  });
});
