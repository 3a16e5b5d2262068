// Driving the store by model actions: an action the store has no operation for, or one with a
// parameter it cannot take, is refused as an UnknownActionError naming the action (a trace of
// another model or a hand-edited one), before the store changes.
import { describe, expect, it } from 'vitest';
import { resolveConsts } from '../../checker/consts.ts';
import protocol from '../../model/index.ts';
import type { DropConsts } from '../../model/params.ts';
import type { DropState } from '../../model/state.ts';
import { performAction, storeFor, UnknownActionError } from '../../store-mapping/drive-store.ts';
import { modelStateOf } from '../../store-mapping/model-state.ts';

const consts = resolveConsts(protocol, { recoveries: '1' }) as unknown as DropConsts;
const init = [...protocol.init(consts)][0] as DropState;

async function refusal(name: string, params: Record<string, string | number>): Promise<Error> {
  const store = storeFor(consts, init);
  const error = await performAction(store, { name, params }).then(() => undefined, (e: unknown) => e as Error);
  if (error === undefined) throw new Error(`${name} was performed`);
  expect(modelStateOf(store)).toEqual(modelStateOf(storeFor(consts, init)));
  return error;
}

describe('performAction', () => {
  it('refuses a recovery with a cause the store does not know, by name', async () => {
    const e = await refusal('Recover', { cause: 'meteor' });
    expect(e).toBeInstanceOf(UnknownActionError);
    expect(e.name).toBe('UnknownActionError');
    expect(e.message).toBe('Recover: no recovery cause meteor');
  });

  it('refuses a sink that is not a string, and an action the store has no operation for', async () => {
    expect((await refusal('DropSink', { sink: 1 })).message).toBe('DropSink needs a string parameter sink');
    const e = await refusal('Teleport', {});
    expect(e.name).toBe('UnknownActionError');
    expect(e.message).toBe('the store has no operation for action Teleport');
  });
});
