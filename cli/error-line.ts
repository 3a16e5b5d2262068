// The one line an input error prints on stderr. A message quotes what the user gave (a flag, a
// value, a file name, a model's names): escaped, a newline or an escape sequence in it cannot
// start a second line or reach the terminal as a command.
import { printable } from '../traces/printable.ts';

/** `dropcheck: <message>`, escaped onto one line. */
export function errorLine(message: string): string {
  return `dropcheck: ${printable(message.trim())}`;
}

/** Commander's error as one line, its suggestion (`\n(Did you mean check?)`) kept on it. */
export function commanderErrorLine(message: string): string {
  return errorLine(message.trim().replace(/\n\(Did you mean (.*)\?\)$/, ' (did you mean $1?)').replace(/^error: /, ''));
}
