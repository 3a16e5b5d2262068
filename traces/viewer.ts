// The interactive viewer's logic, kept pure so it can be tested without a terminal: a state (which
// step, which variables, how far scrolled), what each key does to it, and the screen it draws
// (ANSI text). cli/commands/view.ts feeds it keypresses and writes the screens.
import type { LoadedTrace } from './read-trace.ts';
import { printable } from './printable.ts';
import { stepLines, stepTitle, traceHeading, violationText, type Line, type LineKind } from './render-trace.ts';

export interface ViewerState {
  readonly step: number;
  /** Show unchanged variables too. */
  readonly all: boolean;
  /** The applied variable-name filter ('' for none). */
  readonly filter: string;
  /** The filter being typed after `/`, or undefined when not typing. */
  readonly editing?: string;
  /** First body line shown, when a step has more lines than the screen. */
  readonly scroll: number;
}

/** A key as Node's readline reports it: `name` for special keys, `sequence` for what was typed. */
export interface Key {
  readonly name?: string;
  readonly sequence?: string;
  readonly ctrl?: boolean;
  readonly shift?: boolean;
}

export const initialViewerState: ViewerState = { step: 0, all: false, filter: '', scroll: 0 };

export const KEY_HELP = '←→ jk step · g G ends · ↑↓ scroll · a all/changed · / filter · q quit';

/** The next state after `key`, or 'quit'. `steps` is the trace length; `page` the body height. */
export function pressKey(s: ViewerState, key: Key, steps: number, page: number): ViewerState | 'quit' {
  if (key.ctrl && key.name === 'c') return 'quit';
  if (s.editing !== undefined) {
    if (key.name === 'return' || key.name === 'enter') return withoutEditing({ ...s, filter: s.editing.trim(), scroll: 0 });
    if (key.name === 'escape') return withoutEditing(s);
    if (key.name === 'backspace') return { ...s, editing: s.editing.slice(0, -1) };
    const typed = key.sequence ?? '';
    return /^[\x20-\x7e]$/.test(typed) ? { ...s, editing: s.editing + typed } : s;
  }
  const go = (step: number): ViewerState => ({ ...s, step: Math.max(0, Math.min(steps - 1, step)), scroll: 0 });
  const typed = key.sequence;
  if (typed === 'G' || key.name === 'end') return go(steps - 1);
  if (typed === 'g' || key.name === 'home') return go(0);
  switch (key.name) {
    case 'q': return 'quit';
    case 'right': case 'j': case 'l': case 'n': return go(s.step + 1);
    case 'left': case 'k': case 'h': case 'p': return go(s.step - 1);
    case 'down': return { ...s, scroll: s.scroll + 1 };
    case 'up': return { ...s, scroll: Math.max(0, s.scroll - 1) };
    case 'pagedown': case 'space': return { ...s, scroll: s.scroll + Math.max(1, page - 1) };
    case 'pageup': return { ...s, scroll: Math.max(0, s.scroll - Math.max(1, page - 1)) };
    case 'a': return { ...s, all: !s.all, scroll: 0 };
    default: return typed === '/' ? { ...s, editing: '' } : s;
  }
}

function withoutEditing(s: ViewerState): ViewerState {
  const { editing: _, ...rest } = s;
  return rest;
}

const SGR: Record<LineKind | 'title' | 'help' | 'violation' | 'prompt', string> = {
  added: '\x1b[32m',
  removed: '\x1b[31m',
  changed: '\x1b[33m',
  value: '',
  folded: '\x1b[2m',
  note: '\x1b[36m',
  title: '\x1b[1;7m',
  help: '\x1b[2m',
  violation: '\x1b[1;31m',
  prompt: '\x1b[1m',
};
const RESET = '\x1b[0m';

/** Cuts `text` to `width` columns (counting code points: wide characters in a model's strings may overflow). */
function fit(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : chars.slice(0, Math.max(0, width - 1)).join('') + '…';
}

/** `text` in the colour of `kind`; any control character from the trace is shown escaped. */
const paint = (kind: keyof typeof SGR, text: string): string => (SGR[kind] ? SGR[kind] + printable(text) + RESET : printable(text));

/**
 * `text` cut into rows of at most `width` columns, at a space when there is one in the second half
 * of the row; continuation rows are indented under the text.
 */
export function wrap(text: string, width: number): string[] {
  let rest = [...text];
  if (rest.length <= width) return [text];
  const indent = ' '.repeat(Math.min(6, Math.floor(width / 4)));
  const rows: string[] = [];
  let room = width;
  while (rest.length > room) {
    const space = rest.lastIndexOf(' ', room);
    const cut = space > room / 2 ? space + 1 : room;
    rows.push((rows.length > 0 ? indent : '') + rest.slice(0, cut).join('').trimEnd());
    rest = rest.slice(cut);
    room = width - indent.length;
  }
  if (rest.length > 0) rows.push((rows.length > 0 ? indent : '') + rest.join(''));
  return rows;
}

/** The body rows of the current step at this width (long lines wrapped), before scrolling. */
export function bodyLines(t: LoadedTrace, s: ViewerState, width: number): Line[] {
  return stepLines(t, s.step, { all: s.all, filter: s.filter, width }).flatMap((line) => wrap(printable(line.text), width).map((text) => ({ kind: line.kind, text })));
}

/** The violation rows shown at the last step (wrapped), none elsewhere. */
function violationRows(t: LoadedTrace, s: ViewerState, width: number): string[] {
  const v = violationText(t.meta.violation);
  return s.step === t.states.length - 1 && v ? wrap(printable(v), width) : [];
}

/** Rows the body gets: the screen less the title, the heading, the footer and, at the last step, the violation. */
export function bodyHeight(t: LoadedTrace, s: ViewerState, width: number, height: number): number {
  return Math.max(1, height - 3 - violationRows(t, s, width).length);
}

/** The whole screen for `s` on a width x height terminal: one string to write after clearing. */
export function renderScreen(t: LoadedTrace, s: ViewerState, width: number, height: number): { screen: string; scroll: number } {
  const rows = bodyHeight(t, s, width, height);
  const lines = bodyLines(t, s, width);
  const scroll = Math.max(0, Math.min(s.scroll, lines.length - rows));
  const left = printable(stepTitle(t, s.step));
  // What the title's right side says, most important first; what does not fit is left out.
  const parts = [
    lines.length > rows ? `lines ${scroll + 1}-${Math.min(lines.length, scroll + rows)}/${lines.length}` : '',
    s.filter ? `filter "${s.filter}"` : '',
    s.all ? 'all variables' : 'changed variables',
  ].filter((x) => x !== '');
  while (parts.length > 0 && [...left].length + parts.join(' · ').length + 3 > width) parts.pop();
  const right = [...parts].reverse().join(' · ');
  const gap = Math.max(1, width - [...left].length - [...right].length - 2);
  const out: string[] = [paint('title', fit(` ${left}${' '.repeat(gap)}${right} `, width).padEnd(width)), paint('folded', fit(printable(traceHeading(t)), width))];
  const shown = lines.slice(scroll, scroll + rows);
  for (const line of shown) out.push(paint(line.kind, fit(line.text, width)));
  for (let i = shown.length; i < rows; i++) out.push('');
  for (const row of violationRows(t, s, width)) out.push(paint('violation', row));
  out.push(s.editing !== undefined ? paint('prompt', fit(`filter variables: ${s.editing}_  (Enter apply, empty clears, Esc cancel)`, width)) : paint('help', fit(KEY_HELP, width)));
  return { screen: out.join('\r\n'), scroll };
}
