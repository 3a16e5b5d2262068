// The interactive viewer in a real terminal: tmux runs `dropcheck view` on a private server; the
// test sends keys and reads the screen (with colours) back. tmux is required (.ci/run installs it).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot } from '../support/run-cli.ts';

const socket = `dropcheck-view-test-${process.pid}`;
const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const screen = (): string => tmux('capture-pane', '-p', '-e', '-t', 'view');
const plain = (s: string): string => s.replace(/\x1b\[[0-9;?]*[a-zA-Z]/g, '');

/** Polls the screen until `ok` holds (bounded), and returns it. */
async function waitFor(ok: (text: string, coloured: string) => boolean, what: string, ms = 20_000): Promise<string> {
  const deadline = Date.now() + ms;
  let last = '';
  while (Date.now() < deadline) {
    last = screen();
    if (ok(plain(last), last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; the screen was:\n${plain(last)}`);
}
// A frame is whole once its last line, the key help, is drawn (each frame starts by clearing).
const whole = (s: string) => s.includes('q quit');
const showing = (text: string) => waitFor((s) => whole(s) && s.includes(text), JSON.stringify(text));

const FG: Record<string, string> = { '31': 'red', '32': 'green', '33': 'yellow', '36': 'cyan' };
/**
 * The foreground colour of the line of a `capture-pane -e` screen that contains `text`, where the
 * text starts. tmux emits an SGR only when the attributes change, so the colour is tracked across
 * lines rather than read from the line itself.
 */
function colourOf(coloured: string, text: string): string {
  let fg = 'default';
  for (const line of coloured.split('\n')) {
    const at = plain(line).indexOf(text);
    let visible = 0;
    for (const m of line.matchAll(/\x1b\[([0-9;]*)m|[^\x1b]/g)) {
      if (m[1] === undefined) {
        if (at >= 0 && visible === at) return fg;
        visible++;
        continue;
      }
      for (const code of (m[1] || '0').split(';')) {
        if (code === '0' || code === '39') fg = 'default';
        else if (FG[code]) fg = FG[code]!;
      }
    }
  }
  throw new Error(`${JSON.stringify(text)} is not on the screen`);
}

// A small trace of the drop race's shape: a set loses an element, a list gains one, a map value changes.
const trace = {
  '#meta': { format: 'ITF', source: 'dropcheck', model: 'Demo', params: {}, violation: { kind: 'invariant', name: 'NoRowNotFound', reason: 'actor s1 read its progress row and found nothing' } },
  vars: ['catalog', 'epoch', 'notifications', 'progress'],
  states: [
    { '#meta': { index: 0 }, catalog: { '#set': ['t1'] }, epoch: 1, notifications: [], progress: { '#map': [['s1', 1]] } },
    { '#meta': { index: 1, action: 'DropSink', actionParams: { sink: 's1' } }, catalog: { '#set': [] }, epoch: 1, notifications: [{ op: 'Delete', table: 't1' }], progress: { '#map': [['s1', 1]] } },
    { '#meta': { index: 2, action: 'Backfill', actionParams: { sink: 's1' } }, catalog: { '#set': [] }, epoch: 2, notifications: [{ op: 'Delete', table: 't1' }], progress: { '#map': [['s1', 2]] } },
  ],
};

beforeAll(() => {
  // No skipping: without tmux this fails, and says how to get it.
  try {
    execFileSync('tmux', ['-V']);
  } catch {
    throw new Error('tmux is needed to test the terminal viewer: install it (apt-get install tmux, as .ci/run does)');
  }
  const dir = mkdtempSync(join(tmpdir(), 'dropcheck-tty-'));
  const file = join(dir, 'demo.itf.json');
  writeFileSync(file, JSON.stringify(trace));
  // After the viewer, the shell prints its exit code and keeps the pane open for the test to read.
  const command = `'${process.execPath}' '${cliPath}' view '${file}'; echo "viewer exited with $?"; sleep 600`;
  tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'view', '-x', '100', '-y', '30', '-c', repoRoot, command);
});

afterAll(() => {
  try { tmux('kill-server'); } catch { /* already gone */ }
});

describe('dropcheck view in a terminal', () => {
  it('opens at the first state with the key help', async () => {
    const s = plain(await showing('State 1/3: <Initial state>'));
    expect(s).toContain('  catalog = {"t1"}');
    expect(s).toContain('q quit');
    expect(s).not.toContain('NoRowNotFound');
  });

  it('moves to the next step and colours the diff: removed red, added green, unchanged folded', async () => {
    tmux('send-keys', '-t', 'view', 'Right');
    const s = await showing('State 2/3: DropSink(sink=s1)');
    expect(colourOf(s, '- catalog loses "t1"')).toBe('red');
    expect(colourOf(s, '+ notifications[1]: [op |-> "Delete", table |-> "t1"]')).toBe('green');
    expect(colourOf(s, '(2 unchanged: epoch, progress)')).toBe('default');
  });

  it('goes to the last step with G, shows the violation, and back with k', async () => {
    tmux('send-keys', '-t', 'view', 'G');
    const s = await showing('State 3/3: Backfill(sink=s1)');
    expect(colourOf(s, '~ epoch: 1 -> 2')).toBe('yellow');
    expect(colourOf(s, '~ progress["s1"]: 1 -> 2')).toBe('yellow');
    expect(colourOf(s, 'Invariant NoRowNotFound')).toBe('red');
    expect(plain(s)).toContain('Invariant NoRowNotFound is violated: actor s1 read its progress row and found nothing');
    tmux('send-keys', '-t', 'view', 'k');
    await showing('State 2/3: DropSink(sink=s1)');
    tmux('send-keys', '-t', 'view', 'g');
    await showing('State 1/3');
  });

  it('toggles all variables and filters by name', async () => {
    tmux('send-keys', '-t', 'view', 'j', 'a');
    let s = plain(await showing('all variables'));
    expect(s).toContain('  epoch = 1');
    tmux('send-keys', '-t', 'view', 'a', '/', 'p', 'r', 'o', 'g', 'Enter');
    s = plain(await showing('filter "prog"'));
    expect(s).toContain('(1 unchanged: progress)');
    expect(s).not.toContain('catalog');
    tmux('send-keys', '-t', 'view', '/', 'Enter');
    await waitFor((t) => whole(t) && t.includes('catalog loses') && !t.includes('filter "'), 'the filter cleared');
  });

  it('quits with q and restores the terminal', async () => {
    tmux('send-keys', '-t', 'view', 'q');
    const after = plain(await waitFor((t) => t.includes('viewer exited with'), 'the viewer to exit'));
    expect(after).toContain('viewer exited with 0');
    // Back on the normal screen: the viewer's screen is gone.
    expect(after).not.toContain('State 2/3');
  });
});
