// Option parsers shared by the commands: each rejects bad input with a one-line message.
import { InvalidArgumentError } from 'commander';

export function positiveInt(raw: string): number {
  if (!/^\d+$/.test(raw.trim())) throw new InvalidArgumentError('expected a positive integer.');
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer.');
  return n;
}

/** Accumulates a repeatable option (`--const a=1 --const b=2`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
