// SIGINT and SIGTERM during a checkpointed search: the first asks the search to save itself
// and stop at the next level boundary; a second one ends the process at once.

export interface SignalWatch {
  /** The first signal received, if any. */
  readonly received: NodeJS.Signals | undefined;
  dispose(): void;
}

export function interruptOnSignal(): SignalWatch {
  const watch = { received: undefined as NodeJS.Signals | undefined, dispose };
  const onSignal = (sig: NodeJS.Signals) => {
    if (watch.received !== undefined) process.exit(sig === 'SIGTERM' ? 143 : 130);
    watch.received = sig;
    process.stderr.write(`${sig}: saving the search at the end of this level (again to stop at once)\n`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  function dispose(): void {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return watch;
}
