import { afterEach, describe, expect, it } from 'vitest';
import { ByteWriter } from '../../../checker/encoding/byte-buffer.ts';
import { BlockWriter, FrontierBudget, Level, dropSpareBlocks, releaseLevel, spareBlockCount, type Segment } from '../../../checker/parallel/frontier.ts';

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
    expect(spareBlockCount()).toBe(1);
    const next = fullLevel().writer;
    expect(next.blocks[4]).toBe(full);
    expect(spareBlockCount()).toBe(0);
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
