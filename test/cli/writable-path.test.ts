// Output paths are judged before a search, and judging them creates nothing. The refusals are in
// the malformed-input table (through the CLI); here, what must pass, and a link into /proc.
import { mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../checker/errors.ts';
import { assertWritableFile, assertWritableOutDir } from '../../cli/writable-path.ts';

const dir = mkdtempSync(join(tmpdir(), 'dropcheck-writable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('output paths', () => {
  it('accept a new file, an existing regular file and a directory still to be made, creating nothing', () => {
    writeFileSync(join(dir, 'old.itf.json'), '{}');
    expect(() => assertWritableFile('--trace-out', join(dir, 'new.itf.json'))).not.toThrow();
    expect(() => assertWritableFile('--trace-out', join(dir, 'old.itf.json'))).not.toThrow();
    expect(() => assertWritableOutDir('--out-dir', join(dir, 'a', 'b', 'c'))).not.toThrow();
    expect(() => assertWritableOutDir('--out-dir', dir)).not.toThrow();
    expect(readdirSync(dir)).toEqual(['old.itf.json']);
  });

  it('judge a link by where it leads', () => {
    symlinkSync('/proc/self/status', join(dir, 'link.itf.json'));
    expect(() => assertWritableFile('--trace-out', join(dir, 'link.itf.json'))).toThrow(InputError);
    expect(() => assertWritableFile('--trace-out', join(dir, 'link.itf.json'))).toThrow(/kernel's proc file system/);
  });

  it('name the flag and the path in the message', () => {
    expect(() => assertWritableOutDir('--out-dir', '/proc/x')).toThrow(/^--out-dir \/proc\/x: \/proc is on the kernel's proc file system, not storage$/);
  });
});
