// expected-shards as a count: fewer shards than expected names how many are missing; more than expected blocks too,
// since a shard nobody planned (uploaded by a hostile leg) could stand in for one that never reported.
import { describe, expect, it } from 'vitest';
import { missingShards } from '../../src/modes/merge.js';

describe('missingShards with a count', () => {
  it('fewer, exactly, more', () => {
    expect(missingShards({ count: 3 }, ['a', 'b'], [])).toEqual(['1 of the 3 expected shards did not upload a report that could be read (found: a, b).']);
    expect(missingShards({ count: 2 }, ['a', 'b'], [])).toEqual([]);
    const padded = missingShards({ count: 2 }, ['a', 'zzz', 'b'], []);
    expect(padded).toHaveLength(1);
    expect(padded[0]).toContain('3 shards uploaded a report but expected-shards is 2');
    expect(padded[0]).toContain('list the shard keys in expected-shards');
  });

  it('keys: an extra shard does not hide a missing one', () => {
    expect(missingShards({ keys: ['a', 'b'] }, ['a', 'zzz'], [])).toEqual(["Shard 'b' never uploaded its report."]);
  });
});
