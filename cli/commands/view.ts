import { emitKeypressEvents } from 'node:readline';
import type { Command } from 'commander';
import { formatItf, normaliseTrace } from '../../traces/itf-trace.ts';
import { readTraceFile, type LoadedTrace } from '../../traces/read-trace.ts';
import { printable } from '../../traces/printable.ts';
import { plainTrace, traceHeading } from '../../traces/render-trace.ts';
import { initialViewerState, KEY_HELP, pressKey, renderScreen, bodyHeight, type Key, type ViewerState } from '../../traces/viewer.ts';

interface ViewFlags {
  plain?: boolean;
  json?: boolean;
  all?: boolean;
  filter?: string;
}

const ENTER_SCREEN = '\x1b[?1049h\x1b[?25l';
const LEAVE_SCREEN = '\x1b[?25h\x1b[?1049l';

/** Runs the interactive viewer until q; resolves when the terminal is restored. */
function interactive(t: LoadedTrace, start: ViewerState): Promise<void> {
  const stdin = process.stdin;
  const stdout = process.stdout;
  return new Promise((resolveDone, reject) => {
    let state = start;
    const size = () => ({ width: Math.max(20, stdout.columns ?? 80), height: Math.max(5, stdout.rows ?? 24) });
    const restore = () => {
      stdin.off('keypress', onKey);
      stdout.off('resize', onResize);
      process.off('SIGTERM', onTerm);
      if (stdin.isTTY) stdin.setRawMode(false);
      stdin.pause();
      stdout.write(LEAVE_SCREEN);
    };
    // Whatever happens, the terminal is given back as it was: a failure leaves no raw mode behind.
    const guarded = (f: () => void) => () => {
      try {
        f();
      } catch (e) {
        restore();
        reject(e);
      }
    };
    const draw = () => {
      const { width, height } = size();
      const { screen, scroll } = renderScreen(t, state, width, height);
      state = { ...state, scroll };
      stdout.write('\x1b[H\x1b[2J' + screen);
    };
    const finish = () => {
      restore();
      resolveDone();
    };
    const onKey = (_: string | undefined, key: Key | undefined) => guarded(() => {
      const next = pressKey(state, key ?? {}, t.states.length, bodyHeight(t, state, size().width, size().height));
      if (next === 'quit') return finish();
      state = next;
      draw();
    })();
    const onResize = guarded(draw);
    const onTerm = () => finish();
    emitKeypressEvents(stdin);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('keypress', onKey);
    stdout.on('resize', onResize);
    process.on('SIGTERM', onTerm);
    stdout.write(ENTER_SCREEN);
    guarded(draw)();
  });
}

export function registerView(program: Command): void {
  program
    .command('view')
    .description('step through a trace (ITF JSON, from dropcheck, Quint or Apalache) in the terminal, with a value-level diff of each step')
    .argument('<trace>', 'the trace file')
    .option('--plain', 'print every step as plain text (the default when stdout is not a terminal)')
    .option('--json', 'print the normalised trace (ITF JSON)')
    .option('--all', 'show unchanged variables too')
    .option('--filter <text>', 'show only variables whose name contains this text')
    .addHelpText('after', `\nKeys in the terminal: ${KEY_HELP}`)
    .action(async (tracePath: string, flags: ViewFlags) => {
      const trace = readTraceFile(tracePath);
      if (flags.json) {
        process.stdout.write(formatItf(normaliseTrace(trace)));
        return;
      }
      const start: ViewerState = { ...initialViewerState, all: flags.all === true, filter: flags.filter ?? '' };
      if (flags.plain || !process.stdout.isTTY || !process.stdin.isTTY) {
        const lines = [printable(traceHeading(trace)), ...plainTrace(trace, { all: start.all, filter: start.filter })];
        process.stdout.write(lines.join('\n') + '\n');
        return;
      }
      await interactive(trace, start);
    });
}
