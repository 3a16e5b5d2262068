// The engine's long runs (a search, a simulation) can run in slices, yielding to the event loop
// between them: signals are only delivered there, so this is what lets a command be stopped
// cleanly while it keeps what it has learned.

export interface Interruptible {
  /** Ends the run at the next slice boundary, with an `interrupted` outcome. */
  readonly signal?: AbortSignal;
  /** How long the run goes on between two yields to the event loop (default 50 ms). */
  readonly sliceMs?: number;
}

export const DEFAULT_SLICE_MS = 50;

/** Lets the event loop run (timers, I/O, signal handlers) before going on. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
