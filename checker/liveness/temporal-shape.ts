// What a model module must get right about fairness and temporal properties, checked when it is
// loaded so that a mistake is one line of input error, not a crash in the liveness phase.
const kinds = ['eventually', 'leadsTo', 'infinitelyOften', 'eventuallyAlways'];

/** Undefined when the actions' fairness and the properties are well formed; else what is wrong. */
export function temporalShapeProblem(actions: readonly unknown[], properties: unknown): string | undefined {
  for (const a of actions) {
    const f = (a as { fairness?: unknown }).fairness as { kind?: unknown; perInstance?: unknown; instance?: unknown } | undefined;
    if (f === undefined) continue;
    const name = String((a as { name?: unknown }).name);
    if (typeof f !== 'object' || f === null || (f.kind !== 'weak' && f.kind !== 'strong')) return `action ${name}: fairness needs kind 'weak' or 'strong'`;
    if (f.perInstance !== undefined && typeof f.perInstance !== 'boolean') return `action ${name}: fairness.perInstance must be a boolean`;
    if (f.instance !== undefined && typeof f.instance !== 'function') return `action ${name}: fairness.instance must be a function`;
  }
  if (properties === undefined) return undefined;
  if (!Array.isArray(properties)) return 'properties must be a list';
  const names = new Set<string>();
  for (const p of properties as { name?: unknown; kind?: unknown; p?: unknown; q?: unknown; forAll?: unknown }[]) {
    if (typeof p?.name !== 'string' || p.name === '') return 'every temporal property needs a name';
    if (names.has(p.name)) return `temporal property ${p.name} is declared twice`;
    names.add(p.name);
    if (!kinds.includes(p.kind as string)) return `temporal property ${p.name}: kind must be one of ${kinds.join(', ')}`;
    if (typeof p.p !== 'function' || (p.kind === 'leadsTo' && typeof p.q !== 'function')) return `temporal property ${p.name} needs the predicate function${p.kind === 'leadsTo' ? 's p and q' : ' p'}`;
    if (p.forAll !== undefined && typeof p.forAll !== 'function') return `temporal property ${p.name}: forAll must be a function of the parameters`;
  }
  return undefined;
}
