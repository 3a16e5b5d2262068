// Which declared path a teardown record names, under the run's parameters (for its later steps).
import type { DropConsts } from './params.ts';
import type { DropState, TeardownPathName } from './state.ts';
import { sinksOf } from './state.ts';
import type { TeardownPath } from './teardown.ts';
import { cancelPath } from './cancel.ts';
import { resetPath } from './reset.ts';
import { createFailurePath } from './create-failure.ts';
import { alterConnectorPath } from './alter-connector.ts';
import { dirtyJobPath } from './database-recovery.ts';

const pathOf = { cancel: cancelPath, reset: resetPath, 'create-failure': createFailurePath, 'alter-connector': alterConnectorPath, 'dirty-job': dirtyJobPath } as const;

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

/**
 * What a state is attributed to: the teardown paths it has started, by name (`drop` for DROP SINK),
 * in sink order, as long as no recovery event has happened; after one, the recovery events it has
 * seen instead (what a recovery did to a path is the recovery's), and the dirty-job cleanup, which
 * only a per-database recovery starts.
 */
export function startedPaths(s: DropState): string[] {
  const paths = sinksOf(s).map((sink) => s.drops[sink]!).filter((d) => d.phase !== 'live').map((d) => d.path ?? 'drop');
  const events = recoveryEventsSeen(s);
  return events.length === 0 ? paths : [...paths.filter((p) => p === 'dirty-job'), ...events];
}

/** The teardown paths `consts` enables: DROP SINK always, then each later path that is on. */
export function enabledPaths(consts: DropConsts): string[] {
  // CancelJob of a snapshot-backfill job takes the reset: the cancel path is then never taken.
  const taken = (name: TeardownPathName) => findTeardownPath(name, consts) !== undefined && (name !== 'cancel' || consts.jobKind === 'backfill');
  const later = (['cancel', 'reset', 'create-failure', 'alter-connector'] as const).filter(taken);
  const dirty = findTeardownPath('dirty-job', consts) !== undefined && consts.foregroundSinks > 0 ? ['dirty-job'] : [];
  return ['drop', ...later, ...dirty, ...recoveryEvents(consts)];
}

// ---- Recovery events, attributed like paths: `recovery` (a node crash's global recovery),
// `db-recovery` (per database; its cleanup of a dirty creating job is the path `dirty-job`),
// `meta-restart`.
const events = [['recovery', 'recoveries'], ['db-recovery', 'dbRecoveries'], ['meta-restart', 'metaRestarts']] as const;

/** The recovery events `consts` allows (their budget is not 0). */
export const recoveryEvents = (consts: DropConsts): string[] => events.filter(([, budget]) => consts[budget] > 0).map(([name]) => name);

/** The recovery events a state has seen. */
const recoveryEventsSeen = (s: DropState): string[] => (s.recovery === undefined ? [] : events.filter(([, budget]) => s.recovery![budget] > 0).map(([name]) => name));
