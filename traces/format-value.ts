// State values as people read them, in TLA+ notation as TLC prints it: <<a, b>> sequences,
// {a, b} sets, [f |-> v] records, (k :> v @@ ...) maps. Sets and maps in canonical order, so the
// same value always reads the same.
import type { List, Map as IMap, Set as ISet } from 'immutable';
import { kindOf, recordEntries, seqItems, type Value } from '../checker/value.ts';

/** The parts of a value one level down, already formatted, and how to join them. */
interface Parts {
  readonly open: string;
  readonly close: string;
  readonly items: readonly { readonly prefix: string; readonly value: Value }[];
  readonly sep: string;
  readonly empty: string;
}

function parts(v: Value): Parts | undefined {
  switch (kindOf(v)) {
    case 'seq': return { open: '<<', close: '>>', sep: ', ', empty: '<<>>', items: seqItems(v as readonly Value[] | List<Value>).map((value) => ({ prefix: '', value })) };
    case 'rec': return { open: '[', close: ']', sep: ', ', empty: '[]', items: recordEntries(v as object).map(([k, value]) => ({ prefix: `${k} |-> `, value })) };
    case 'set': return { open: '{', close: '}', sep: ', ', empty: '{}', items: sortedByText([...(v as ISet<Value>)]).map((value) => ({ prefix: '', value })) };
    case 'map': {
      const entries = [...(v as IMap<Value, Value>).entries()].map(([k, value]) => ({ key: formatValue(k), value }));
      entries.sort((a, b) => compareText(a.key, b.key));
      return { open: '(', close: ')', sep: ' @@ ', empty: '<<>>', items: entries.map((e) => ({ prefix: `${e.key} :> `, value: e.value })) };
    }
    default: return undefined;
  }
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Values ordered by their formatted text: deterministic whatever the insertion order. */
export function sortedByText(values: readonly Value[]): Value[] {
  return values.map((v) => [formatValue(v), v] as const).sort((a, b) => compareText(a[0], b[0])).map(([, v]) => v);
}

/** One line. */
export function formatValue(v: Value): string {
  switch (kindOf(v)) {
    case 'bool': return v ? 'TRUE' : 'FALSE';
    case 'int': case 'bigint': return String(v);
    case 'str': return JSON.stringify(v);
    default: {
      const p = parts(v);
      if (!p) return String(v);
      if (p.items.length === 0) return p.empty;
      return p.open + p.items.map((x) => x.prefix + formatValue(x.value)).join(p.sep) + p.close;
    }
  }
}

/**
 * Several lines when one would be wider than `width`: each element of a container that does not
 * fit goes on its own line, indented by two spaces per level.
 */
export function formatValueLines(v: Value, width: number, indent = ''): string[] {
  const flat = formatValue(v);
  const p = parts(v);
  if (indent.length + flat.length <= width || !p || p.items.length === 0) return [flat];
  const inner = indent + '  ';
  const lines = [p.open];
  p.items.forEach((item, i) => {
    const sub = formatValueLines(item.value, width - item.prefix.length, inner);
    const last = i === p.items.length - 1;
    const sep = last ? '' : p.sep.trimEnd();
    sub.forEach((line, j) => {
      const text = j === 0 ? inner + item.prefix + line : line;
      lines.push(j === sub.length - 1 ? text + sep : text);
    });
  });
  lines.push(indent + p.close);
  return lines;
}
