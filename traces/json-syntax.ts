// Where JSON text first goes wrong. Node 20's JSON.parse often names the token but not its
// position; a one-line error about a large trace file must say the line and column.

/** Offset of the first syntax error in `text`, or undefined when it is valid JSON. No recursion. */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const ws = () => { while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++; };
  // What the parser waits for: a value, or after a value inside a container: `,` or the close.
  const stack: ('[' | '{')[] = [];
  let want: 'value' | 'key' | 'after' = 'value';
  for (;;) {
    ws();
    if (want === 'after') {
      const top = stack.at(-1);
      if (top === undefined) return i < text.length ? i : undefined;
      const c = text[i];
      if (c === ',') { i++; want = top === '{' ? 'key' : 'value'; continue; }
      if ((c === ']' && top === '[') || (c === '}' && top === '{')) { i++; stack.pop(); continue; }
      return i;
    }
    if (want === 'key') {
      if (text[i] !== '"') return i;
      const end = stringEnd(text, i);
      if (end === undefined) return i;
      i = end;
      ws();
      if (text[i] !== ':') return i;
      i++;
      want = 'value';
      continue;
    }
    const c = text[i];
    if (c === '[' || c === '{') {
      stack.push(c);
      i++;
      ws();
      if (text[i] === (c === '[' ? ']' : '}')) { i++; stack.pop(); want = 'after'; continue; }
      want = c === '{' ? 'key' : 'value';
      continue;
    }
    if (c === '"') {
      const end = stringEnd(text, i);
      if (end === undefined) return i;
      i = end;
    } else {
      const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
      if (!m) return i;
      i += m[0].length;
    }
    want = 'after';
  }
}

/** The offset just after the string literal starting at `start`, or undefined when it is malformed. */
function stringEnd(text: string, start: number): number | undefined {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return undefined;
    if (c === 0x5c) {
      const e = text[i + 1];
      if (e === 'u') { if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return undefined; i += 6; continue; }
      if (e === undefined || !'"\\/bfnrt'.includes(e)) return undefined;
      i += 2;
      continue;
    }
    i++;
  }
  return undefined;
}
