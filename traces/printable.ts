// Text from a trace file shown on a terminal: names, labels and reasons are the file's data, and
// a control character in them (an escape sequence) must be shown, not obeyed by the terminal.

/** `text` with C0/C1 control characters and DEL written as `\u001b`-style escapes. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
