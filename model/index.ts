// Placeholder until the drop / compaction / backfill protocol model lands: the built-in model is
// two-phase commit so that the CLI works end to end.
export { default } from '../examples/two-phase.ts';
