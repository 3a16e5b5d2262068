// Text from a trace file or a model shown on a terminal: names, labels and reasons are data, and
// a control character in them (an escape sequence, a newline) must be shown, not obeyed.
//
// Escaped: C0 and C1 controls and DEL (escape sequences, newlines, carriage returns); the line and
// paragraph separators U+2028/U+2029 (some terminals and editors break lines there); and the
// bidirectional controls (U+061C, U+200E/U+200F, U+202A-U+202E, U+2066-U+2069), which reorder
// what follows them on the line, so that a name could display as something it is not.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `text` with control characters written as `\u001b`-style escapes: one line, shown as it is. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
