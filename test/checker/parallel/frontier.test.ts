import { afterEach, describe, expect, it } from 'vitest';
import { ByteWriter } from '../../../checker/encoding/byte-buffer.ts';
import { BlockWriter, FrontierBudget, Level, addSpareBlocks, dropSpareBlocks, releaseLevel, spareBlockCount, takeSpareBlocks, type Segment } from '../../../checker/parallel/frontier.ts';

/** A segment whose blocks grew to full size: states of 60 KB until a fifth block is made. */
function fullLevel(budget?: FrontierBudget): { level: Level; writer: BlockWriter } {
  const writer = new BlockWriter(budget);
  const state = new ByteWriter(60_000);
  state.length = 60_000;
  while (writer.blocks.length < 5) writer.append(state);
  const level = new Level();
  const segment: Segment = { count: 1, offsets: Float64Array.of(0), blocks: writer.blocks, strings: [] };
  level.push(segment);
  return { level, writer };
}

afterEach(() => dropSpareBlocks());

describe('frontier blocks', () => {
  it('a released level\'s full-size blocks are the next full-size blocks written, bytes overwritten', () => {
    const { level, writer } = fullLevel();
    const full = writer.blocks[4] as Uint8Array;
    expect(full.byteLength).toBe(1 << 20);
    releaseLevel(level, undefined, true);
    expect(spareBlockCount()).toBe(5);
    const next = fullLevel().writer;
    expect(next.blocks[4]).toBe(full);
    expect(spareBlockCount()).toBe(0);
  });

  it('every block of a released level is reused by a block of its size, whichever thread takes it', () => {
    const { level, writer } = fullLevel();
    const released = [...writer.blocks] as Uint8Array[];
    expect(released.map((b) => b.byteLength)).toEqual([1, 2, 4, 8, 16].map((k) => k << 16));
    releaseLevel(level, undefined, true);
    expect(spareBlockCount()).toBe(5);
    // Handed to another thread and back, as the coordinator shares them out: every size goes.
    const handed = takeSpareBlocks(5);
    expect(spareBlockCount()).toBe(0);
    addSpareBlocks(handed);
    expect(fullLevel().writer.blocks.every((b, i) => b === released[i])).toBe(true);
    // Taken: the next level's blocks are new.
    expect(fullLevel().writer.blocks.every((b, i) => b !== released[i])).toBe(true);
    expect(spareBlockCount()).toBe(0);
  });

  it('a writer\'s blocks stay full-size past the first few (no overflowing shift)', () => {
    const writer = new BlockWriter();
    const state = new ByteWriter(600_000);
    state.length = 600_000;
    while (writer.blocks.length < 40) writer.append(state);
    expect(writer.blocks.slice(4).every((b) => (b as Uint8Array).byteLength === 1 << 20)).toBe(true);
  });

  it('keeps no spares unless asked, nor under a memory cap (the cap would not count them)', () => {
    releaseLevel(fullLevel().level, undefined);
    expect(spareBlockCount()).toBe(0);
    const capped = FrontierBudget.of(1 << 30, '/nonexistent');
    releaseLevel(fullLevel(capped).level, capped, true);
    expect(spareBlockCount()).toBe(0);
    expect(capped.words[0]).toBe(0);
  });
});
