// AlterDropConnector: ALTER TABLE … DROP CONNECTOR drops a table's associated source through a
// ReplaceStreamJob barrier, then `drop_table_associated_source` deletes the source's state table
// directly, bypassing tombstones (#25588, open). The model's job has one actor writing one state
// table: here that actor is the source executor the replace removes, its table the source's state
// table. The replace barrier is the Stop barrier's machinery; its post-collect unregisters.
import type { AlterConnectorVariant, DropConsts } from './params.ts';
import { startingAction, type TeardownPath } from './teardown.ts';

const alterConnectorPaths: Record<Exclude<AlterConnectorVariant, 'off'>, TeardownPath> = {
  // The code today: the replace barrier, its post-collect unregisters, then the direct delete.
  // Safe only because of that order: the table is unregistered before its row goes.
  'delete-after-unregister': { name: 'alter-connector', begin: [], stop: 'stop-barrier', cleanup: ['unregister', 'delete-catalog', 'broadcast-delete'] },
  // #25588's hypothesis: the direct delete before the writer stopped, as catalog-first did.
  'delete-before-stop': { name: 'alter-connector', begin: ['delete-catalog', 'broadcast-delete'], stop: 'stop-barrier', cleanup: ['unregister'] },
  // Through a tombstone, as DROP does since #20010/#21017.
  tombstone: { name: 'alter-connector', begin: ['delete-catalog', 'record-tombstone'], stop: 'stop-barrier', cleanup: ['unregister', 'complete-tombstone', 'broadcast-delete'] },
};

/** The ALTER … DROP CONNECTOR path, or undefined when `alterConnector=off`. */
export function alterConnectorPath({ alterConnector }: Pick<DropConsts, 'alterConnector'>): TeardownPath | undefined {
  return alterConnector === 'off' ? undefined : alterConnectorPaths[alterConnector];
}

// No fairness: user DDL. It applies to any live table whose source still runs, creating or not.
export const alterDropConnector = startingAction({
  name: 'AlterDropConnector',
  description: "ALTER TABLE … DROP CONNECTOR: the source's writer is removed by a replace barrier and its state table deleted, before or after the unregister, directly or through a tombstone (alterConnector)",
}, alterConnectorPath, (s, sink) => s.drops[sink]!.phase === 'live' && s.actors[sink]!.status === 'running');
