// One worker's part of a BFS level: a contiguous run of the level's states, expanded in order
// exactly as a one-worker search would, recording what that search would do with each
// successor so that the coordinator can replay the level in order (see level-search.ts).
//
// Phase A (`expand`) computes every successor, offers each fingerprint to the shared seen-set,
// and encodes and checks the candidates that may be new. Phase B (`resolve`), once every
// worker finished phase A, keeps the candidates that won their fingerprint and packs them, in
// order, as the chunk's segment of the next level.
import type { ActionParams, AnyModel, Consts, InvariantSpec, State } from '../model.ts';
import type { Fingerprint } from '../fingerprint.ts';
import { unitOfStep, type UnitOfStep } from '../liveness/fairness-unit.ts';
import { InputError, ModelError } from '../errors.ts';
import { captureEntries, holdEntries, setParent, StateRecords } from '../fingerprint.ts';
import { stateFingerprintHi, stateFingerprintLo, type Symmetry } from '../state-fingerprint.ts';
import { contractedFingerprintHi } from '../state-contract.ts';
import { ByteWriter } from '../encoding/byte-buffer.ts';
import { StateEntries, StringDictionary, type ValueCodec } from '../encoding/value-codec.ts';
import { BlockReader, BlockWriter, type FrontierBudget, type Segment } from './frontier.ts';
import type { SeenSet, SegmentSlice } from './interfaces.ts';
import { candidateKey } from './shared-seen-set.ts';
import { CandidateList } from './candidate-list.ts';
import { EntryHashes } from './entry-hashes.ts';
import { SegmentDictionaries, encodesAs, entriesUnchanged, expansionMutation, mayBeModified, successorMutation } from './unchanged-check.ts';

/** What model code threw, as the coordinator reports it (one-worker search's wording). */
export interface ModelFault {
  /** Which model code ran: an action, an invariant, the state constraint, or none (an engine check such as a fingerprint of a non-value, when no action runs). */
  readonly during: 'action' | 'invariant' | 'constraint' | 'none';
  /** Index of the action or invariant. */
  readonly index: number;
  readonly message: string;
  readonly modelError: boolean;
  /** A TypeError that looks like a write to a frozen state. */
  readonly frozenWrite: boolean;
}

/** In order within the chunk; `winnersBefore`: how many of the chunk's new states precede it. */
export type ChunkEvent =
  | { readonly type: 'state'; readonly winner: number; readonly violations: readonly (readonly [number, string])[]; readonly fault?: ModelFault }
  | { readonly type: 'deadlock'; readonly winnersBefore: number; readonly parentPos: number; readonly generated: number }
  | { readonly type: 'fault'; readonly winnersBefore: number; readonly fault: ModelFault }
  /** At the depth limit: the chunk's first probe beyond the limit found a new state, or threw. */
  | { readonly type: 'probe'; readonly winnersBefore: number; readonly fault?: ModelFault }
  /**
   * A successor the state constraint excludes whose invariants said something: TLC checks such a
   * state every time it is generated and never explores it (`generated`: the chunk's count with it).
   */
  | { readonly type: 'excluded'; readonly winnersBefore: number; readonly parentPos: number; readonly generated: number; readonly edgesBefore: number; readonly state: Fingerprint; readonly violations: readonly (readonly [number, string])[]; readonly fault?: ModelFault };

/**
 * The successors of the chunk's states as the graph recorder and --coverage need them, in the
 * one-worker search's order (states the constraint excludes have none): per expanded state its
 * number of edges, per edge the target's fingerprint and its label: the action number, or
 * `actions + k` for the chunk's k-th fairness unit of an action whose steps have one each.
 */
export interface ChunkEdges {
  readonly perState: Uint32Array;
  /** Per new state of the chunk: the edge that found it. */
  readonly foundBy: Uint32Array;
  readonly hi: Uint32Array;
  readonly lo: Uint32Array;
  readonly labels: Int32Array;
  readonly units: readonly { readonly action: number; readonly unit: UnitOfStep }[];
}

export interface ChunkResult {
  /** New states of the chunk, in order: fingerprint halves, parent position, and the chunk's generated count when each was found. */
  readonly count: number;
  readonly hi: Uint32Array;
  readonly lo: Uint32Array;
  readonly parentPos: Uint32Array;
  readonly generatedAt: Float64Array;
  readonly segment: Segment;
  /** Successors computed (duplicates included). */
  readonly generated: number;
  readonly constraintCut: boolean;
  /** The chunk's generated count when the constraint first excluded a successor (-1: never): a search stopping inside the chunk is constrained from there on. */
  readonly firstExcludedAt: number;
  readonly events: readonly ChunkEvent[];
  /** With `recordEdges`: the chunk's edges. */
  readonly edges?: ChunkEdges;
  /** With `predicates`: per new state, `ceil(predicates / 32)` words of predicate bits (bit k: predicate k holds). */
  readonly predicateBits?: Uint32Array;
}

/** What every thread of a search needs to expand states as the one-worker search does. */
export interface ExpandSetup {
  readonly model: AnyModel;
  readonly consts: Consts;
  readonly invariants: readonly InvariantSpec<any, any>[];
  readonly symmetry: Symmetry;
  readonly checkDeadlock: boolean;
  readonly continuing: boolean;
  /** This thread's codec: it learned the Record types of the initial states. */
  readonly codec: ValueCodec;
  /** The frontier's memory budget, shared by every thread, past which blocks spill to files. */
  readonly budget?: FrontierBudget;
  /** The temporal properties' state predicates, evaluated once on each new state (in the one-worker order: before its invariants). */
  readonly predicates?: readonly ((s: State) => boolean)[];
  /** Record every successor edge (temporal properties, --coverage). */
  readonly recordEdges?: boolean;
  /**
   * Do not verify that model code left states unmodified (CheckOptions.unverified): only the
   * benchmark sets it, to measure what verifying costs, and only for the search in one thread
   * (worker threads are not told).
   */
  readonly unverified?: boolean;
}

/** A chunk's edges, in typed arrays grown by doubling. */
class EdgeRecorder {
  readonly perState: number[] = [];
  hi = new Uint32Array(1 << 10);
  lo = new Uint32Array(1 << 10);
  labels = new Int32Array(1 << 10);
  count = 0;
  private readonly units: { action: number; unit: UnitOfStep }[] = [];
  private readonly unitIds = new Map<string, number>();

  /** `byStep`: per action, whether its steps' fairness units depend on their parameters. */
  constructor(private readonly actions: AnyModel['actions'], private readonly byStep: readonly boolean[]) {}

  add(hi: number, lo: number, action: number, params: ActionParams | undefined): void {
    const e = this.count;
    if (e === this.hi.length) {
      this.hi = grown(this.hi, new Uint32Array(2 * e));
      this.lo = grown(this.lo, new Uint32Array(2 * e));
      this.labels = grown(this.labels, new Int32Array(2 * e));
    }
    this.hi[e] = hi;
    this.lo[e] = lo;
    this.labels[e] = this.byStep[action] ? this.labelOf(action, params) : action;
    this.count = e + 1;
  }

  private labelOf(action: number, params: ActionParams | undefined): number {
    const unit = unitOfStep(this.actions[action]!, params);
    if (!unit) return action;
    let id = this.unitIds.get(unit.key);
    if (id === undefined) {
      id = this.units.length;
      this.units.push({ action, unit });
      this.unitIds.set(unit.key, id);
    }
    return this.actions.length + id;
  }

  result(foundBy: Uint32Array): ChunkEdges {
    return { perState: Uint32Array.from(this.perState), foundBy, hi: this.hi.slice(0, this.count), lo: this.lo.slice(0, this.count), labels: this.labels.slice(0, this.count), units: this.units };
  }
}

function grown<T extends Uint32Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** Per action of `model`: whether the fairness unit of a step depends on its parameters (as GraphRecorder decides). */
export function unitsByStep(model: AnyModel): boolean[] {
  return model.actions.map((a) => a.fairness !== undefined && (a.fairness.perInstance === true || a.fairness.instance !== undefined));
}

export function faultOf(e: unknown, during: ModelFault['during'], index: number): ModelFault {
  const message = e instanceof Error ? e.message : String(e);
  const frozenWrite = e instanceof TypeError && /read.only|not extensible|Cannot assign|Cannot delete|Cannot add|frozen/i.test(message);
  return { during, index, message, modelError: e instanceof ModelError, frozenWrite };
}

export class ChunkExpander {
  private pos: number;
  private generated = 0;
  private constraintCut = false;
  private firstExcludedAt = -1;
  private probing = true;
  private stopped = false;
  /** Candidates that may be new, in order. */
  private readonly candidates = new CandidateList();
  private readonly scratch = new ByteWriter(1 << 12);
  /** A state encoded again after model code ran on it, to compare with its recorded bytes (the check when a state cannot be recorded, see `recordParent`). */
  private readonly again = new ByteWriter(1 << 12);
  private readonly segmentDictionaries = new SegmentDictionaries();
  /**
   * The entries (variables, values, hashes) of the state being expanded and of the candidate
   * being checked, as they were hashed: a state is verified unmodified by comparing its
   * variables with them, rehashing only values that hold something modifiable in place (see
   * fingerprint.ts), which costs far less than encoding it again.
   */
  private readonly parentRecord = new StateRecords();
  private readonly candidateRecord = new StateRecords();
  /** Where the state being expanded is recorded: decoded afresh to name a culprit. */
  private parentBlock: Uint8Array = new Uint8Array(0);
  private parentOffset = 0;
  private parentStrings: readonly string[] = [];
  private readonly blocks: BlockWriter;
  private readonly reader = new BlockReader();
  private readonly dictionary = new StringDictionary();
  /** The entry hashes of the variables of states expanded, by their bytes. */
  private readonly entryHashes = new EntryHashes();
  /** The state being expanded as decoded, variable by variable. */
  private readonly parentEntries = new StateEntries();
  /** Whether `dictionary` numbers the strings of the segment being expanded as it does (`reuseChecked`): successors then copy the bytes of the variables they share with their parent. */
  private reuse = false;
  private reuseChecked: readonly string[] | undefined;
  private readonly recordedModifiable = (i: number): boolean => this.parentRecord.modifiableAt(0, i);
  /** Candidate index -> what its invariants said, when anything. */
  private readonly checked = new Map<number, { violations: [number, string][]; fault?: ModelFault }>();
  /** Events not tied to a candidate, with the number of candidates before them. */
  private readonly marks: { candidatesBefore: number; event: (winnersBefore: number) => ChunkEvent }[] = [];
  private deadlockSeen = false;
  /** How many candidates precede those of the state being expanded. */
  private expansionStart = 0;
  private readonly edges: EdgeRecorder | undefined;
  /** Predicate bits of each candidate, `words` a candidate. */
  private readonly bits: number[] = [];
  /** Per candidate, with edges recorded: the edge that found it. */
  private readonly foundBy: number[] = [];
  private readonly words: number;
  private readonly verify: boolean;

  constructor(
    private readonly setup: ExpandSetup,
    private readonly slices: readonly SegmentSlice[],
    /** Level position of the chunk's first state. */
    private readonly startPos: number,
    private readonly atDepthLimit: boolean,
    /** Depth of the level's states. */
    private readonly depth: number,
  ) {
    this.pos = startPos;
    this.blocks = new BlockWriter(setup.budget);
    this.edges = setup.recordEdges ? new EdgeRecorder(setup.model.actions, unitsByStep(setup.model)) : undefined;
    this.words = Math.ceil((setup.predicates?.length ?? 0) / 32);
    this.verify = !setup.unverified;
    // Numbering strings as the first segment expanded does lets successors copy the bytes of
    // what they share with their parents (see `reuse`).
    for (const str of slices[0]?.segment.strings ?? []) this.dictionary.id(str);
  }

  /**
   * Expands states until the chunk is done or the seen-set is crowded (checked between states);
   * true when the chunk is done. Call again after the seen-set was grown.
   */
  expand(seen: SeenSet & { readonly crowded: boolean }): boolean {
    const { model, consts, codec } = this.setup;
    const actions = model.actions;
    let p = this.startPos;
    for (const slice of this.slices) {
      const segment = slice.segment;
      for (let i = slice.from; i < slice.to; i++, p++) {
        if (p < this.pos) continue;
        if (this.stopped) return true;
        if (seen.crowded) return false;
        const { block, offset } = this.reader.locate(segment, i);
        this.parentBlock = block;
        this.parentOffset = offset;
        this.parentStrings = segment.strings;
        const entries = this.parentEntries;
        const s = codec.decode(block, offset, segment.strings, entries) as State;
        if (segment.strings !== this.reuseChecked) {
          this.reuseChecked = segment.strings;
          this.reuse = this.dictionary.extends(segment.strings);
        }
        const recorded = this.recordParent(s, segment.strings);
        this.expandState(s, p, actions, consts, seen);
        // Its variables are verified by reference, and those that could be modified in place by
        // encoding them again (cheaper than rehashing plain objects): a state that is not a plain
        // object is encoded again whole.
        if (!this.stopped && this.verify && !(entries.count >= 0
          ? entriesUnchanged(codec, s, entries, recorded ? this.recordedModifiable : (v) => mayBeModified(entries.bytes, entries.valueStarts[v]!), this.segmentDictionaries.of(segment.strings), this.again)
          : encodesAs(codec, s, this.segmentDictionaries.of(segment.strings), this.again, block, offset))) {
          // Before the state's successors: the search must not go on from a modified state.
          const { invariants, symmetry } = this.setup;
          this.fault(faultOf(expansionMutation(this.setup.model, consts, this.freshParent(), invariants, symmetry, this.depth), 'none', -1), this.expansionStart);
        }
        this.pos = p + 1;
      }
    }
    return true;
  }

  /**
   * Registers `s`, just decoded, as the parent of the successors about to be hashed (once: the
   * expansion relies on it), and records its entries to verify it by; false when it cannot be recorded (with a symmetry, whose
   * fingerprints are not hashed by variable, or a state that is not a record): then it is
   * verified by encoding it again.
   */
  private recordParent(s: State, strings: readonly string[]): boolean {
    if (!this.setup.symmetry && this.verify) {
      this.parentRecord.clear();
      if (this.parentEntries.count >= 0) this.entryHashes.capture(s, this.parentEntries, strings);
      else captureEntries(s);
      if (this.parentRecord.canKeep(s)) {
        this.parentRecord.keep(s);
        if (this.parentRecord.registerParent(s, 0)) return true;
      }
    }
    setParent(s);
    return false;
  }

  /** The state being expanded as it was recorded, decoded afresh. */
  private freshParent(): State {
    return this.setup.codec.decode(this.parentBlock, this.parentOffset, this.parentStrings) as State;
  }

  private expandState(s: State, p: number, actions: AnyModel['actions'], consts: Consts, seen: SeenSet): void {
    const { model, symmetry } = this.setup;
    const constraint = model.constraint;
    const edges = this.edges;
    const key = candidateKey(p);
    let successors = 0;
    let running = -1;
    let inConstraint = false;
    const edgesBefore = edges?.count ?? 0;
    this.expansionStart = this.candidates.length;
    try {
      for (let a = 0; a < actions.length; a++) {
        running = a;
        for (const succ of actions[a]!.successors(s, consts)) {
          successors++;
          const t = succ.state as State;
          if (this.atDepthLimit) {
            if (this.probing) this.probeBeyondLimit(t, s, seen, a);
            continue;
          }
          this.generated++;
          // Hashed before the constraint runs, as the one-thread search does.
          const hi = contractedFingerprintHi(symmetry, consts, t, s, true);
          const lo = stateFingerprintLo();
          if (constraint) {
            // Its entries as hashed, before the constraint runs on it (see `candidate`).
            if (!symmetry && this.verify) holdEntries();
            inConstraint = true;
            const admitted = constraint(t, consts);
            inConstraint = false;
            if (!admitted) { this.excluded(t, hi, lo, p); continue; }
          }
          if (edges) edges.add(hi, lo, a, succ.params);
          if (!seen.offer(hi, lo, key)) continue;
          this.candidate(t, hi, lo, key, p, a);
        }
      }
    } catch (e) {
      if (e instanceof InputError) throw e; // the engine's own trouble (a spill file), not the model's
      this.fault(inConstraint ? faultOf(e, 'constraint', -1) : faultOf(e, running >= 0 ? 'action' : 'none', running));
      return;
    }
    if (edges) edges.perState.push(edges.count - edgesBefore);
    if (successors === 0 && this.setup.checkDeadlock && !this.deadlockSeen) {
      // Only the chunk's first deadlock can matter: later ones repeat a property already found.
      this.deadlockSeen = true;
      const generated = this.generated;
      this.marks.push({ candidatesBefore: this.candidates.length, event: (winnersBefore) => ({ type: 'deadlock', winnersBefore, parentPos: p, generated }) });
    }
  }

  /**
   * TLC's semantics of a successor the state constraint excludes (see check.ts): counted
   * generated, never explored, its invariants checked every time it is generated.
   */
  private excluded(t: State, hi: number, lo: number, p: number): void {
    if (!this.constraintCut) this.firstExcludedAt = this.generated;
    this.constraintCut = true;
    if (this.setup.invariants.length === 0) return;
    const verdict = this.invariantVerdict(t);
    if (!verdict) return;
    const generated = this.generated;
    const edgesBefore = this.edges?.count ?? 0;
    const state = { hi, lo };
    this.marks.push({ candidatesBefore: this.candidates.length, event: (winnersBefore) => ({ type: 'excluded', winnersBefore, parentPos: p, generated, edgesBefore, state, ...verdict }) });
  }

  /** What the invariants say of `t`: undefined when all hold. */
  private invariantVerdict(t: State): { violations: [number, string][]; fault?: ModelFault } | undefined {
    const { invariants, consts, continuing } = this.setup;
    let verdict: { violations: [number, string][]; fault?: ModelFault } | undefined;
    for (let k = 0; k < invariants.length; k++) {
      let reason: unknown;
      try {
        reason = invariants[k]!.check(t, consts);
        if (reason !== undefined && typeof reason !== 'string') throw new ModelError(`it returned ${JSON.stringify(reason) ?? typeof reason}: a check returns undefined when the invariant holds, or the reason (a string) when it is violated`);
      } catch (e) {
        verdict ??= { violations: [] };
        verdict.fault = faultOf(e, 'invariant', k);
        break;
      }
      if (reason === undefined) continue;
      verdict ??= { violations: [] };
      verdict.violations.push([k, reason as string]);
      if (!continuing) break;
    }
    return verdict;
  }

  /** At the depth limit: whether a successor is a state not seen yet, i.e. the limit hides something. */
  private probeBeyondLimit(t: State, parent: State, seen: SeenSet, action: number): void {
    const { model, consts, symmetry } = this.setup;
    try {
      const hi = contractedFingerprintHi(symmetry, consts, t, parent, true);
      const lo = stateFingerprintLo();
      if (model.constraint && !model.constraint(t, consts)) return;
      if (seen.has(hi, lo)) return;
      this.marks.push({ candidatesBefore: 0, event: () => ({ type: 'probe', winnersBefore: 0 }) });
    } catch (e) {
      // It matters only if no earlier state of the level found the cut: the coordinator decides,
      // and meanwhile this chunk goes on as a search that had found it would.
      const fault = faultOf(e, 'action', action);
      this.marks.push({ candidatesBefore: 0, event: () => ({ type: 'probe', winnersBefore: 0, fault }) });
    }
    this.probing = false;
  }

  private candidate(t: State, hi: number, lo: number, key: number, p: number, action: number): void {
    const { codec, invariants, consts, predicates } = this.setup;
    const index = this.candidates.add(hi, lo, key, p, this.generated);
    if (this.edges) this.foundBy.push(this.edges.count - 1);
    // Its entries as they were hashed, to verify it by once model code ran on it (the constraint
    // already has: its entries were held before).
    const recorded = !this.setup.symmetry && this.verify && this.candidateRecord.canKeep(t);
    if (recorded) {
      this.candidateRecord.clear();
      this.candidateRecord.keep(t);
    }
    // Encoded first: whatever model code does to `t` from here on, the search keeps it as found.
    this.scratch.length = 0;
    codec.encode(t, this.scratch, this.dictionary, this.reuse ? this.parentEntries : undefined);
    this.candidates.start[index] = this.blocks.append(this.scratch);
    let verdict: { violations: [number, string][]; fault?: ModelFault } | undefined;
    if (predicates) {
      // The temporal predicates run first, as the one-thread search's recorder runs them; a
      // throw there is located at the action being expanded, as there.
      const words = this.words;
      const base = this.bits.length;
      for (let w = 0; w < words; w++) this.bits.push(0);
      try {
        for (let k = 0; k < predicates.length; k++) if (predicates[k]!(t)) this.bits[base + (k >>> 5)]! |= 1 << (k & 31);
      } catch (e) {
        verdict = { violations: [], fault: faultOf(e, 'action', action) };
      }
    }
    if (!verdict && invariants.length > 0) verdict = this.invariantVerdict(t);
    // A value it shares with the state being expanded is verified with that state, after its
    // expansion, and a change found there is named by re-running model code on its successors too.
    if (!verdict?.fault && this.verify && !(recorded ? this.candidateRecord.unchanged(t, 0, true) : encodesAs(codec, t, this.dictionary, this.again, this.scratch.view(), 0))) {
      verdict ??= { violations: [] };
      verdict.fault = faultOf(successorMutation(this.setup.model, consts, this.freshParent(), invariants, this.setup.symmetry, this.depth), 'none', -1);
    }
    if (verdict) this.checked.set(index, verdict);
  }

  private fault(fault: ModelFault, candidatesBefore = this.candidates.length): void {
    this.stopped = true;
    this.marks.push({ candidatesBefore, event: (winnersBefore) => ({ type: 'fault', winnersBefore, fault }) });
  }

  /** Phase B: keeps the candidates that won their fingerprint, in order. */
  resolve(seen: SeenSet): ChunkResult {
    const candidates = this.candidates;
    const n = candidates.length;
    const won = new Uint32Array(n);
    let count = 0;
    for (let c = 0; c < n; c++) if (seen.claim(candidates.hi[c]!, candidates.lo[c]!, candidates.key[c]!)) won[count++] = c;
    const hi = new Uint32Array(count), lo = new Uint32Array(count), parentPos = new Uint32Array(count), generatedAt = new Float64Array(count);
    const offsets = new Float64Array(new SharedArrayBuffer(8 * count));
    const events: ChunkEvent[] = [];
    const firstViolation = new Set<number>();
    let mark = 0;
    const flushMarks = (candidatesBefore: number, winnersBefore: number) => {
      while (mark < this.marks.length && this.marks[mark]!.candidatesBefore <= candidatesBefore) {
        const event = this.marks[mark++]!.event(winnersBefore);
        if (event.type === 'excluded') {
          // As for new states: only the chunk's first violation of a property, or a fault, matters.
          if (!event.fault && event.violations.every(([k]) => firstViolation.has(k))) continue;
          for (const [k] of event.violations) firstViolation.add(k);
        }
        events.push(event);
      }
    };
    const words = this.words;
    const predicateBits = this.setup.predicates ? new Uint32Array(count * words) : undefined;
    const foundBy = new Uint32Array(this.edges ? count : 0);
    for (let w = 0; w < count; w++) {
      const c = won[w]!;
      flushMarks(c, w);
      hi[w] = candidates.hi[c]!;
      lo[w] = candidates.lo[c]!;
      parentPos[w] = candidates.parent[c]!;
      generatedAt[w] = candidates.generatedAt[c]!;
      offsets[w] = candidates.start[c]!;
      if (this.edges) foundBy[w] = this.foundBy[c]!;
      if (predicateBits) for (let k = 0; k < words; k++) predicateBits[w * words + k] = this.bits[c * words + k]!;
      const verdict = this.checked.size === 0 ? undefined : this.checked.get(c);
      // A state matters to the coordinator when it holds the chunk's first violation of a
      // property, or a fault (which ends the search wherever it is reached).
      if (verdict && (verdict.fault || verdict.violations.some(([k]) => !firstViolation.has(k)))) {
        for (const [k] of verdict.violations) firstViolation.add(k);
        events.push({ type: 'state', winner: w, violations: verdict.violations, ...(verdict.fault ? { fault: verdict.fault } : {}) });
      }
    }
    flushMarks(Infinity, count);
    return {
      count, hi, lo, parentPos, generatedAt,
      segment: { count, offsets, blocks: this.blocks.blocks, strings: this.dictionary.strings() },
      generated: this.generated,
      constraintCut: this.constraintCut,
      firstExcludedAt: this.firstExcludedAt,
      events,
      ...(this.edges ? { edges: this.edges.result(foundBy) } : {}),
      ...(predicateBits ? { predicateBits } : {}),
    };
  }
}
