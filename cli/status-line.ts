// One line of progress on a terminal, rewritten in place (carriage return, clear line) rather
// than scrolled, at most about once a second. The commands show it only when stderr is a
// terminal and --json is off; whatever they print next first clears it.

/** The part of a stream the line needs (process.stderr; a fake one in tests). */
export interface StatusStream {
  readonly columns?: number;
  write(text: string): unknown;
}

const CLEAR = '\r\x1b[2K';

/** The status line being shown, so that an error or an interrupt can clear it first. */
let shown: StatusLine | undefined;

export class StatusLine {
  private last = -Infinity;

  constructor(
    private readonly out: StatusStream,
    private readonly everyMs = 1000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * Shows `text` in place of the previous one, unless one was shown less than `everyMs` ago
   * (`force`: a new phase, shown at once). A function is called only when the line is due, so a
   * caller may offer progress often. Cut to the terminal's width: a line that wrapped could not be
   * cleared by one carriage return.
   */
  show(text: string | (() => string), force = false): void {
    const t = this.now();
    if (!force && t - this.last < this.everyMs) return;
    this.last = t;
    const line = typeof text === 'function' ? text() : text;
    this.out.write(CLEAR + fitWidth(line, (this.out.columns ?? 80) - 1));
    shown = this;
  }

  /** Removes the line, leaving the cursor at the start of the now empty line. */
  clear(): void {
    if (shown !== this) return;
    this.out.write(CLEAR);
    shown = undefined;
  }
}

/** Clears whichever status line is shown (before an error message, say). */
export function clearStatusLine(): void {
  shown?.clear();
}

/** `text` cut to `width` characters, an ellipsis marking the cut. */
export function fitWidth(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** The command's status line: on stderr when it is a terminal and the output is not JSON. */
export function statusLineFor(json: boolean | undefined): StatusLine | undefined {
  return !json && process.stderr.isTTY === true ? new StatusLine(process.stderr) : undefined;
}
