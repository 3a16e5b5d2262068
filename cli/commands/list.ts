import type { Command } from 'commander';
import { describeAllowed } from '../../checker/consts.ts';
import { loadModel } from '../load-model.ts';
import { SPEC_HELP } from '../options.ts';
import { printable } from '../../traces/printable.ts';
import type { Fairness } from '../../checker/model.ts';

const kindText = { eventually: '<>P', leadsTo: 'P ~> Q', infinitelyOften: '[]<>P', eventuallyAlways: '<>[]P' } as const;

/** `weak fairness, per instance`; undefined for an action under no fairness. */
function fairnessText(f: Fairness | undefined): string | undefined {
  if (!f) return undefined;
  const scope = f.instance ? ', per instance it names' : f.perInstance ? ', per instance' : '';
  return `${f.kind} fairness${scope}`;
}

export function registerList(program: Command): void {
  program
    .command('list')
    .description("show a model's parameters (allowed values and defaults), actions (with their fairness), invariants, temporal properties and presets")
    .option('--spec <file>', SPEC_HELP)
    .option('--json', 'print the listing as one JSON object')
    .action(async (flags: { spec?: string; json?: boolean }) => {
      const { model } = await loadModel(flags.spec);
      if (flags.json) {
        console.log(JSON.stringify({
          model: model.name,
          description: model.description,
          params: model.params.map((p) => ({ name: p.name, type: p.type, default: p.default, allowed: describeAllowed(p), description: p.description })),
          actions: model.actions.map((a) => ({ name: a.name, params: a.params ?? [], description: a.description, fairness: fairnessText(a.fairness) ?? null })),
          invariants: model.invariants.map((i) => ({ name: i.name, description: i.description })),
          properties: (model.properties ?? []).map((p) => ({ name: p.name, kind: p.kind, forAll: p.forAll !== undefined, description: p.description })),
          presets: (model.presets ?? []).map((p) => ({ name: p.name, description: p.description, consts: p.consts })),
        }));
        return;
      }
      // The model's names and descriptions are its author's text: escaped, each stays on its line.
      const say = (...lines: string[]) => { for (const l of lines) console.log(printable(l)); };
      say(`Model ${model.name}: ${model.description}`, '', 'Parameters (set with --const NAME=VALUE):');
      if (model.params.length === 0) say('  (none)');
      for (const p of model.params) say(`  ${p.name} = ${describeAllowed(p)}  (default ${String(p.default)})`, `      ${p.description}`);
      say('', 'Actions:');
      for (const a of model.actions) {
        const fair = fairnessText(a.fairness);
        say(`  ${a.name}${a.params?.length ? `(${a.params.join(', ')})` : ''}${fair ? `  [${fair}]` : ''}`, `      ${a.description}`);
      }
      say('', 'Invariants (select with --invariant NAME):');
      for (const i of model.invariants) say(`  ${i.name}`, `      ${i.description}`);
      // Which fairness the properties are checked under: the actions' marks above, or none at all.
      const properties = model.properties ?? [];
      const anyFair = model.actions.some((a) => a.fairness !== undefined);
      const under = properties.length === 0 ? '' : anyFair ? '; checked under the fairness marked on the actions above' : '; checked with no fairness: no action above is marked fair';
      say('', `Temporal properties (select with --property NAME${under}):`);
      if (properties.length === 0) say('  (none)');
      for (const p of properties) say(`  ${p.name}  (${kindText[p.kind]}${p.forAll ? ', for each instance' : ''})`, `      ${p.description}`);
      if (model.presets?.length) {
        say('', 'Presets (select with --preset NAME; a --const after it overrides one parameter):');
        for (const p of model.presets) say(`  ${p.name}: ${Object.entries(p.consts).map(([k, v]) => `${k}=${String(v)}`).join(', ')}`, `      ${p.description}`);
      }
    });
}
