// A value-level diff: what a step changed inside a variable, down to the record field, map key,
// set element or list position, rather than the whole variable printed twice.
import type { List, Map as IMap, Set as ISet } from 'immutable';
import { kindOf, recordEntries, seqItems, valueEquals, type Value } from '../checker/value.ts';
import { formatValue, sortedByText } from './format-value.ts';

/**
 * One change. `path` is where, from the variable on (`rmState["r1"]`, `catalog.tables`,
 * `log[2]`); a set gains or loses `element`; a field, key or position is added, removed or
 * changed from `before` to `after`.
 */
export type Change =
  | { readonly kind: 'added'; readonly path: string; readonly after: Value }
  | { readonly kind: 'removed'; readonly path: string; readonly before: Value }
  | { readonly kind: 'changed'; readonly path: string; readonly before: Value; readonly after: Value }
  | { readonly kind: 'gained' | 'lost'; readonly path: string; readonly element: Value };

/** The changes from `before` to `after`, in a deterministic order; empty when they are equal. */
export function diffValues(before: Value, after: Value, path: string): Change[] {
  // Containers are compared by walking them (linear, with hashed lookups in sets and maps), not
  // by valueEquals first, which is quadratic in the size of a set or map.
  if (before === after) return [];
  const kind = kindOf(before);
  if (kind !== kindOf(after)) return [{ kind: 'changed', path, before, after }];
  switch (kind) {
    case 'rec': return diffEntries(new Map(recordEntries(before as object)), new Map(recordEntries(after as object)), (k) => `${path}.${k}`);
    case 'map': return diffMaps(before as IMap<Value, Value>, after as IMap<Value, Value>, path);
    case 'seq': {
      const a = seqItems(before as readonly Value[] | List<Value>);
      const b = seqItems(after as readonly Value[] | List<Value>);
      // Sequences are numbered from 1, as in TLA+ and in the values' printed form.
      const out: Change[] = [];
      for (let i = 0; i < Math.max(a.length, b.length); i++) {
        const p = `${path}[${i + 1}]`;
        if (i >= b.length) out.push({ kind: 'removed', path: p, before: a[i]! });
        else if (i >= a.length) out.push({ kind: 'added', path: p, after: b[i]! });
        else out.push(...diffValues(a[i]!, b[i]!, p));
      }
      return out;
    }
    case 'set': {
      const a = before as ISet<Value>;
      const b = after as ISet<Value>;
      const lost = sortedByText([...a].filter((x) => !b.has(x))).map((element): Change => ({ kind: 'lost', path, element }));
      const gained = sortedByText([...b].filter((x) => !a.has(x))).map((element): Change => ({ kind: 'gained', path, element }));
      return [...lost, ...gained];
    }
    default: return valueEquals(before, after) ? [] : [{ kind: 'changed', path, before, after }];
  }
}

function diffMaps(a: IMap<Value, Value>, b: IMap<Value, Value>, path: string): Change[] {
  // Keys are primitives or immutable values, which immutable.js hashes by value.
  const keys = sortedByText([...a.keys(), ...[...b.keys()].filter((k) => !a.has(k))]);
  const out: Change[] = [];
  for (const k of keys) {
    const p = `${path}[${formatValue(k)}]`;
    if (!b.has(k)) out.push({ kind: 'removed', path: p, before: a.get(k)! });
    else if (!a.has(k)) out.push({ kind: 'added', path: p, after: b.get(k)! });
    else out.push(...diffValues(a.get(k)!, b.get(k)!, p));
  }
  return out;
}

function diffEntries(a: Map<string, Value>, b: Map<string, Value>, at: (k: string) => string): Change[] {
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  const out: Change[] = [];
  for (const k of keys) {
    if (!b.has(k)) out.push({ kind: 'removed', path: at(k), before: a.get(k)! });
    else if (!a.has(k)) out.push({ kind: 'added', path: at(k), after: b.get(k)! });
    else out.push(...diffValues(a.get(k)!, b.get(k)!, at(k)));
  }
  return out;
}

/** The one-line text of a change, after its marker (`+`, `-`, `~`). */
export function describeChange(c: Change): string {
  switch (c.kind) {
    case 'added': return `${c.path}: ${formatValue(c.after)}`;
    case 'removed': return `${c.path}: ${formatValue(c.before)}`;
    case 'changed': return `${c.path}: ${formatValue(c.before)} -> ${formatValue(c.after)}`;
    case 'gained': return `${c.path} gains ${formatValue(c.element)}`;
    case 'lost': return `${c.path} loses ${formatValue(c.element)}`;
  }
}

/** `+` for what appeared, `-` for what went away, `~` for what changed in place. */
export function changeMarker(c: Change): '+' | '-' | '~' {
  return c.kind === 'added' || c.kind === 'gained' ? '+' : c.kind === 'changed' ? '~' : '-';
}
