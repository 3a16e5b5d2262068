import type { Command } from 'commander';
import { describeAllowed } from '../../checker/consts.ts';
import { loadModel } from '../load-model.ts';

export function registerList(program: Command): void {
  program
    .command('list')
    .description("show a model's parameters (allowed values and defaults), actions, invariants and presets")
    .option('--spec <file>', 'model module (.ts or .js); default: the built-in protocol model')
    .option('--json', 'print the listing as one JSON object')
    .action(async (flags: { spec?: string; json?: boolean }) => {
      const { model } = await loadModel(flags.spec);
      if (flags.json) {
        console.log(JSON.stringify({
          model: model.name,
          description: model.description,
          params: model.params.map((p) => ({ name: p.name, type: p.type, default: p.default, allowed: describeAllowed(p), description: p.description })),
          actions: model.actions.map((a) => ({ name: a.name, params: a.params ?? [], description: a.description })),
          invariants: model.invariants.map((i) => ({ name: i.name, description: i.description })),
          presets: (model.presets ?? []).map((p) => ({ name: p.name, description: p.description, consts: p.consts })),
        }));
        return;
      }
      console.log(`Model ${model.name}: ${model.description}`);
      console.log('\nParameters (set with --const NAME=VALUE):');
      if (model.params.length === 0) console.log('  (none)');
      for (const p of model.params) console.log(`  ${p.name} = ${describeAllowed(p)}  (default ${String(p.default)})\n      ${p.description}`);
      console.log('\nActions:');
      for (const a of model.actions) console.log(`  ${a.name}${a.params?.length ? `(${a.params.join(', ')})` : ''}\n      ${a.description}`);
      console.log('\nInvariants (select with --invariant NAME):');
      for (const i of model.invariants) console.log(`  ${i.name}\n      ${i.description}`);
      if (model.presets?.length) {
        console.log('\nPresets (select with --preset NAME; a --const after it overrides one parameter):');
        for (const p of model.presets) console.log(`  ${p.name}: ${Object.entries(p.consts).map(([k, v]) => `${k}=${String(v)}`).join(', ')}\n      ${p.description}`);
      }
    });
}
