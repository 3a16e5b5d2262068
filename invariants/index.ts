// The protocol's properties, in the order the checker evaluates them and the matrix shows them.
import { typeOK } from './type-ok.ts';
import { noRowNotFound } from './no-row-not-found.ts';
import { noSilentDataLoss } from './no-silent-data-loss.ts';
import { liveTablesDurable } from './live-tables-durable.ts';
import { resolvableWhileRegistered } from './resolvable-while-registered.ts';
import { dropLeavesNothing } from './drop-leaves-nothing.ts';
import { cleanupDone } from './cleanup-done.ts';
import { cleanupCompletes } from './cleanup-completes.ts';
import { dropCompletes } from './drop-completes.ts';
import { barrierProgress } from './barrier-progress.ts';
import { compactionProgress } from './compaction-progress.ts';

export const invariants = [typeOK, noRowNotFound, noSilentDataLoss, liveTablesDurable, resolvableWhileRegistered, dropLeavesNothing, cleanupDone] as const;

/** Temporal properties, checked under the actions' fairness (Model.properties; matrix columns after the invariants). */
export const properties = [dropCompletes, barrierProgress, cleanupCompletes, compactionProgress] as const;
