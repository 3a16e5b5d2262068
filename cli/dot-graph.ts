// `check --dot FILE`: the explored graph in Graphviz's language, for graphs small enough to look
// at. Each state is labelled by the variables that differ from its BFS parent (all of them for an
// initial state); each edge by its action. Larger graphs are refused: a picture of thousands of
// states shows nothing. Without symmetry (refused with it), a state's fingerprint is its own.
import type { ActionParams, AnyModel, State } from '../checker/model.ts';
import type { SearchObserver } from '../checker/search-observer.ts';
import { InputError } from '../checker/errors.ts';
import { formatAction } from '../checker/trace.ts';
import { valueEquals, type Value } from '../checker/value.ts';
import { formatValue } from '../traces/format-value.ts';
import { fingerprint } from '../checker/fingerprint.ts';

/** The most states --dot writes. */
export const DOT_MAX_STATES = 2000;

export class DotObserver implements SearchObserver {
  private readonly states: State[] = [];
  private readonly parents: number[] = [];
  private readonly byFingerprint = new Map<string, number>();
  private readonly edges: [number, number, string][] = [];

  constructor(private readonly model: AnyModel, private readonly file: string) {}

  state(s: State, index: number, parent: number): void {
    if (index >= DOT_MAX_STATES) throw new InputError(`--dot ${this.file}: the state graph has more than ${DOT_MAX_STATES} states, more than --dot draws (cut it with --max-states ${DOT_MAX_STATES} or smaller parameters)`);
    this.states[index] = s;
    this.parents[index] = parent;
    const { hi, lo } = fingerprint(s as Value);
    this.byFingerprint.set(`${hi}:${lo}`, index);
  }

  edge(parent: number, action: number, params: ActionParams | undefined, hi: number, lo: number, target: number): void {
    const t = target >= 0 ? target : this.byFingerprint.get(`${hi}:${lo}`)!;
    this.edges.push([parent, t, formatAction({ name: this.model.actions[action]!.name, params: params ?? {} })]);
  }

  /** The Graphviz text. */
  text(): string {
    const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
    const lines = [`digraph ${quote(this.model.name)} {`, '  node [shape=box, fontname="monospace"];'];
    this.states.forEach((s, i) => {
      const parent = this.parents[i]!;
      const before = parent >= 0 ? this.states[parent] : undefined;
      const changed = Object.keys(s).filter((k) => !before || !valueEquals(before[k] as Value, s[k] as Value));
      const label = [`#${i + 1}`, ...changed.map((k) => `${k} = ${formatValue(s[k] as Value)}`)].join('\n');
      lines.push(`  s${i} [label=${quote(label)}${parent < 0 ? ', penwidth=2' : ''}];`);
    });
    for (const [from, to, label] of this.edges) lines.push(`  s${from} -> s${to} [label=${quote(label)}];`);
    lines.push('}');
    return lines.join('\n') + '\n';
  }

}
