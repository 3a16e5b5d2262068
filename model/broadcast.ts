// Meta's catalog notifications go to every subscriber: the compute node and, when the model has
// one, the dedicated compactor. Each applies them from a queue of its own, at its own pace.
import type { DropState, Notification } from './state.ts';

/** Meta broadcasts `n`: appended to the compute node's queue and to the compactor's. */
export function broadcast(s: DropState, n: Notification): DropState {
  const next = { ...s, notifications: [...s.notifications, n] };
  return s.compactor === undefined ? next : { ...next, compactor: { ...s.compactor, notifications: [...s.compactor.notifications, n] } };
}
