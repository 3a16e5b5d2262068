// Which declared path a teardown record names, under the run's parameters (for its later steps).
import type { DropConsts } from './params.ts';
import type { DropState, TeardownPathName } from './state.ts';
import { sinksOf } from './state.ts';
import type { TeardownPath } from './teardown.ts';
import { cancelPath } from './cancel.ts';
import { resetPath } from './reset.ts';
import { createFailurePath } from './create-failure.ts';
import { alterConnectorPath } from './alter-connector.ts';

const pathOf = { cancel: cancelPath, reset: resetPath, 'create-failure': createFailurePath, 'alter-connector': alterConnectorPath } as const;

/** The path named `name` under `consts`; undefined when it is off or no such path exists. */
export function findTeardownPath(name: string, consts: DropConsts): TeardownPath | undefined {
  return Object.hasOwn(pathOf, name) ? pathOf[name as TeardownPathName](consts) : undefined;
}

export function teardownPath(name: TeardownPathName, consts: DropConsts): TeardownPath {
  const path = findTeardownPath(name, consts);
  // A record names only a path its parameters enabled; anything else is a model bug.
  if (path === undefined) throw new Error(`teardown path ${name} is off under these parameters`);
  return path;
}

/** The teardown paths a behaviour's state has started, by name (`drop` for DROP SINK), in sink order. */
export function startedPaths(s: DropState): string[] {
  return sinksOf(s).map((sink) => s.drops[sink]!).filter((d) => d.phase !== 'live').map((d) => d.path ?? 'drop');
}

/** The teardown paths `consts` enables: DROP SINK always, then each later path that is on. */
export function enabledPaths(consts: DropConsts): string[] {
  // CancelJob of a snapshot-backfill job takes the reset: the cancel path is then never taken.
  const taken = (name: TeardownPathName) => findTeardownPath(name, consts) !== undefined && (name !== 'cancel' || consts.jobKind === 'backfill');
  const later = (['cancel', 'reset', 'create-failure', 'alter-connector'] as const).filter(taken);
  return ['drop', ...later];
}
