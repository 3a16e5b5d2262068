// What a resumed search on a cluster refuses, checked by the CLI before it prints anything and by
// the search itself.
import type { AnyModel } from '../model.ts';
import { InputError } from '../errors.ts';
import { selectProperties } from '../liveness/check-liveness.ts';

/**
 * Refuses what a resumed search on a cluster cannot check: the cluster keeps the search's
 * seen-set, frontier and log, not its state graph nor the coverage of the levels before the
 * interruption, so temporal verdicts and coverage counts would be unfounded. A search that is
 * not resumed checks everything the in-process search checks.
 */
export function refuseOnClusterResume(model: AnyModel, options: { readonly liveness?: boolean; readonly properties?: readonly string[]; readonly coverage: boolean; readonly resume: boolean }): void {
  if (!options.resume) return;
  const temporal = options.liveness === false ? [] : selectProperties(model, options.properties);
  if (temporal.length > 0) throw new InputError(`model ${model.name} has temporal properties, which a resumed search on a cluster cannot check (the cluster keeps no state graph): add --no-liveness to check its invariants only`);
  if (options.coverage) throw new InputError('--coverage is not counted by a resumed search on a cluster (it would miss the levels before the interruption): drop --coverage');
}
