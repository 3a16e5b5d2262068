// SimpleAllocator (simple-allocator.ts) with weak instead of strong fairness on Allocate: a client
// whose resource another client keeps taking back and forth is enabled only now and then, so weak
// fairness lets the allocator serve the others forever. ClientsWillObtain fails (the reason the
// TLA+ spec uses SF_vars), and so does InfOftenSatisfied; ClientsWillReturn still holds.
import { defineModel } from '../checker/model.ts';
import { simpleAllocator } from './simple-allocator.ts';

export default defineModel({
  ...simpleAllocator,
  name: 'SimpleAllocatorWeak',
  description: 'SimpleAllocator with weak fairness on Allocate (not enough for ClientsWillObtain)',
  actions: simpleAllocator.actions.map((a) => (a.name === 'Allocate' ? { ...a, fairness: { ...a.fairness!, kind: 'weak' as const } } : a)),
});
