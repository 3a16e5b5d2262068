// Ctrl-C (SIGINT) and SIGTERM during a long command: the command is told through an AbortSignal
// and ends with what it has learned; its exit code is then 128 + the signal's number (130, 143),
// as shells report a process the signal ended. A second signal ends the process at once.
const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

export type InterruptSignal = keyof typeof EXIT_CODES;

export interface Interruption {
  /** Aborted at the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** The signal received, if any. */
  readonly received: InterruptSignal | undefined;
  /** The exit code for the signal received. */
  readonly exitCode: number;
  /** Restores the default handling (the process ends at the signal). */
  dispose(): void;
}

/** Listens for SIGINT and SIGTERM until `dispose()`. */
export function listenForInterrupts(): Interruption {
  const controller = new AbortController();
  let received: InterruptSignal | undefined;
  const handler = (sig: NodeJS.Signals): void => {
    if (received !== undefined) process.exit(EXIT_CODES[received]);
    received = sig as InterruptSignal;
    controller.abort(sig);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    get received() { return received; },
    get exitCode() { return received === undefined ? 0 : EXIT_CODES[received]; },
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
