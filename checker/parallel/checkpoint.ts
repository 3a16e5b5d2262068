// Checkpoints of a search at a level boundary: the seen-set, the state log, the level about to
// be expanded and the counters, written to a folder and read back to continue the search with
// the same final figures and traces, whatever the number of workers.
//
// Layout of DIR/checkpoint/: search.json (what search it is, counters, violations found, the
// level's segments without their bytes), log.bin (hi, lo, parent per state), seen.bin (hi, lo,
// key per fingerprint; empty slots of earlier formats have key 0), level.bin (each segment's
// offsets then its blocks). A new checkpoint is written beside the old one and renamed over it,
// so a crash leaves one whole checkpoint.
import type { Fingerprint } from '../fingerprint.ts';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Consts } from '../model.ts';
import type { PropertyViolation } from '../trace.ts';
import { InputError } from '../errors.ts';
import { StateLog } from '../state-log.ts';
import { blockBytes, Level, type Segment } from './frontier.ts';
import { COMMITTED_KEY, SharedSeenSet } from './shared-seen-set.ts';

/** What makes two searches the same search: a checkpoint continues only its own. */
export interface SearchIdentity {
  readonly model: string;
  /** SHA-256 of the model module's file. */
  readonly moduleHash: string;
  readonly consts: Consts;
  readonly invariants: readonly string[];
  readonly symmetry: boolean;
  readonly checkDeadlock: boolean;
  readonly continuing: boolean;
  readonly maxDepth: number | null;
  readonly maxStates: number | null;
}

/** The search at a level boundary. */
export interface LevelSnapshot {
  readonly generated: number;
  readonly depth: number;
  readonly peakQueue: number;
  readonly constraintCut: boolean;
  /** Index of the level's first state. */
  readonly levelBase: number;
  readonly elapsedMs: number;
  /** Each violation found: the claim, the state's index, and the fingerprint of a state the constraint excluded (then the index is its parent's). */
  readonly found: readonly (readonly [PropertyViolation, number, Fingerprint?])[];
  readonly log: StateLog;
  readonly seen: SharedSeenSet;
  readonly level: Level;
}

export const moduleHash = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

interface SearchJson {
  readonly format: 'dropcheck-checkpoint-1';
  readonly identity: SearchIdentity;
  readonly counters: Omit<LevelSnapshot, 'found' | 'log' | 'seen' | 'level'> & { readonly logSize: number; readonly seenCapacity: number; readonly seenCount: number };
  readonly found: readonly (readonly [PropertyViolation, number, Fingerprint?])[];
  readonly segments: readonly { readonly count: number; readonly blocks: readonly number[]; readonly strings: readonly string[] }[];
}

const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/**
 * The seen-set's fingerprints as (hi, lo, key) triples, written a piece at a time (the table
 * holds hundreds of MB in a large search: a copy of it all would double that at each checkpoint).
 */
function writeSeen(path: string, seen: SharedSeenSet): void {
  const piece = new Uint32Array(3 * 65536);
  const fd = openSync(path, 'w');
  try {
    let n = 0;
    const flush = () => { writeSync(fd, bytesOf(piece.subarray(0, n))); n = 0; };
    seen.forEachCommitted((hi, lo) => {
      piece[n++] = hi;
      piece[n++] = lo;
      piece[n++] = COMMITTED_KEY;
      if (n === piece.length) flush();
    });
    flush();
  } finally {
    closeSync(fd);
  }
}

export function writeCheckpoint(dir: string, identity: SearchIdentity, snap: LevelSnapshot): void {
  const tmp = join(dir, 'checkpoint.tmp');
  const final = join(dir, 'checkpoint');
  try {
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    const log = new Uint32Array(3 * snap.log.size);
    for (let i = 0; i < snap.log.size; i++) {
      log[3 * i] = snap.log.hiOf(i);
      log[3 * i + 1] = snap.log.loOf(i);
      log[3 * i + 2] = snap.log.parentOf(i) >>> 0;
    }
    writeFileSync(join(tmp, 'log.bin'), bytesOf(log));
    writeSeen(join(tmp, 'seen.bin'), snap.seen);
    const segments = snap.level.segments;
    const parts: Uint8Array[] = [];
    for (const s of segments) {
      parts.push(bytesOf(Float64Array.from(s.offsets)));
      for (const b of s.blocks) parts.push(blockBytes(b).slice());
    }
    writeFileSync(join(tmp, 'level.bin'), Buffer.concat(parts));
    const { found, log: _l, seen: _s, level: _v, ...counters } = snap;
    const json: SearchJson = {
      format: 'dropcheck-checkpoint-1',
      identity,
      counters: { ...counters, logSize: snap.log.size, seenCapacity: snap.seen.capacity, seenCount: snap.seen.size },
      found,
      segments: segments.map((s) => ({ count: s.count, blocks: s.blocks.map((b) => (b instanceof Uint8Array ? b.byteLength : b.size)), strings: s.strings })),
    };
    writeFileSync(join(tmp, 'search.json'), JSON.stringify(json));
    rmSync(final, { recursive: true, force: true });
    renameSync(tmp, final);
  } catch (e) {
    throw new InputError(`--checkpoint ${dir}: cannot write: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

const describe = (i: SearchIdentity): string =>
  `${i.model} ${Object.entries(i.consts).map(([k, v]) => `${k}=${v}`).join(' ')}`.trimEnd();

/** The differences that make `b` another search than `a`, in words. */
export function differences(a: SearchIdentity, b: SearchIdentity): string[] {
  const out: string[] = [];
  if (a.model !== b.model || JSON.stringify(a.consts) !== JSON.stringify(b.consts)) out.push(`it is of ${describe(a)}, not ${describe(b)}`);
  else if (a.moduleHash !== b.moduleHash) out.push('the model module changed since');
  for (const k of ['invariants', 'symmetry', 'checkDeadlock', 'continuing', 'maxDepth', 'maxStates'] as const) {
    if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) out.push(`its ${k} was ${JSON.stringify(a[k])}, not ${JSON.stringify(b[k])}`);
  }
  return out;
}

/** Reads the checkpoint in `dir`, refusing (one line) one of another search. */
export function readCheckpoint(dir: string, identity: SearchIdentity): LevelSnapshot {
  let folder = join(dir, 'checkpoint');
  // A crash between removing the old checkpoint and renaming the new one leaves only the new.
  if (!existsSync(join(folder, 'search.json')) && existsSync(join(dir, 'checkpoint.tmp', 'search.json'))) folder = join(dir, 'checkpoint.tmp');
  let json: SearchJson;
  try {
    json = JSON.parse(readFileSync(join(folder, 'search.json'), 'utf8')) as SearchJson;
  } catch (e) {
    throw new InputError(`--resume ${dir}: no readable checkpoint there (${(e as NodeJS.ErrnoException).code ?? 'malformed'})`);
  }
  if (json.format !== 'dropcheck-checkpoint-1') throw new InputError(`--resume ${dir}: not a dropcheck checkpoint`);
  const diff = differences(json.identity, identity);
  if (diff.length > 0) throw new InputError(`--resume ${dir}: the checkpoint is of another search: ${diff.join('; ')}`);
  try {
    const c = json.counters;
    const logWords = new Uint32Array(new Uint8Array(readFileSync(join(folder, 'log.bin'))).buffer);
    const log = new StateLog();
    for (let i = 0; i < c.logSize; i++) log.append(logWords[3 * i]!, logWords[3 * i + 1]!, logWords[3 * i + 2]! | 0);
    const seenBytes = readFileSync(join(folder, 'seen.bin'));
    // Entries are placed again rather than copied: the saved words are triples whatever layout
    // the table that wrote them had (earlier checkpoints saved every slot of a 12-byte table).
    const seen = SharedSeenSet.restore(new Uint32Array(new Uint8Array(seenBytes).buffer), c.seenCapacity);
    if (seen.size !== c.seenCount) throw new Error(`seen.bin holds ${seen.size} fingerprints, not ${c.seenCount}`);
    const levelBytes = readFileSync(join(folder, 'level.bin'));
    const level = new Level();
    let p = 0;
    for (const s of json.segments) {
      const offsets = new Float64Array(new SharedArrayBuffer(8 * s.count));
      new Uint8Array(offsets.buffer).set(levelBytes.subarray(p, p + 8 * s.count));
      p += 8 * s.count;
      const blocks = s.blocks.map((n) => {
        const b = new Uint8Array(new SharedArrayBuffer(n));
        b.set(levelBytes.subarray(p, p + n));
        p += n;
        return b;
      });
      const segment: Segment = { count: s.count, offsets, blocks, strings: s.strings };
      level.push(segment);
    }
    const { logSize: _l, seenCapacity: _c, seenCount: _n, ...counters } = c;
    return { ...counters, found: json.found, log, seen, level };
  } catch (e) {
    throw new InputError(`--resume ${dir}: the checkpoint is damaged: ${e instanceof Error ? e.message : String(e)}`);
  }
}
