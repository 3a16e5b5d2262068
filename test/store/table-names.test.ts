// The store numbers its tables from 501; the model names them t1, t2, ...: the two mappings are
// inverse, whatever the table.
import { describe, expect, it } from 'vitest';
import { modelTable, storeTable } from '../../store-mapping/model-state.ts';

describe('table names between the store and the model', () => {
  it('maps 501 to t1 and back, and every table round-trips', () => {
    expect(modelTable(501)).toBe('t1');
    expect(storeTable('t1')).toBe(501);
    expect(storeTable('t12')).toBe(512);
    for (let i = 1; i <= 20; i++) expect(modelTable(storeTable(`t${i}`))).toBe(`t${i}`);
  });
});
