import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from '../../traces/json-syntax.ts';

describe('jsonErrorOffset', () => {
  test.prop([fc.json()])('finds no error in valid JSON', (text) => {
    expect(jsonErrorOffset(text)).toBeUndefined();
    expect(jsonErrorOffset(` ${JSON.stringify(JSON.parse(text), null, 2)}\n`)).toBeUndefined();
  });

  it.each([
    ['[1,,2]', 3],
    ['{"a" 1}', 5],
    ['{"a": 1,}', 8],
    ['[1] x', 4],
    ['"abc', 0],
    ['', 0],
    ['[01]', 2],
    ['{"a": tru}', 6],
  ])('%s goes wrong at offset %i', (text, offset) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorOffset(text)).toBe(offset);
  });
});
