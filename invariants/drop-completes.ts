import type { TemporalProperty } from '../checker/model.ts';
import type { DropConsts } from '../model/params.ts';
import type { DropState, SinkId } from '../model/state.ts';
import { sinkIds } from '../model/state.ts';

/** \A s \in Sinks : (drop of s started) ~> (drop of s finished). */
export const dropCompletes: TemporalProperty<DropState, DropConsts> = {
  name: 'DropCompletes',
  description: 'every drop that started (DropSink) eventually reaches dropped: its Stop barrier commits and meta finishes it',
  kind: 'leadsTo',
  forAll: ({ sinks }) => sinkIds(sinks),
  p: (s, _c, sink) => s.drops[sink as SinkId]!.phase !== 'live',
  q: (s, _c, sink) => s.drops[sink as SinkId]!.phase === 'dropped',
};
