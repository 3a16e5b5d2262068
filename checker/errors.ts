/**
 * A problem with what the user gave us (flag, parameter, file, trace): reported as one line on
 * stderr with exit code 2. Anything else thrown is a bug, in the engine or in a model.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** Thrown when a model breaks the model contract (e.g. puts a non-Value in a state). */
export class ModelError extends Error {
  override readonly name = 'ModelError';
  /** Set once the message names the code and the state (`action X, on a state at depth N: ...`). */
  located = false;
}
