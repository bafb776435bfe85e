import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration, plural } from '../../src/report/format.js';

describe('format', () => {
  it('formats counts and durations deterministically', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(-1000)).toBe('-1,000');
    expect(formatDuration(450)).toBe('0.5 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(-1)).toBe('');
  });

  it('pluralizes with the grouped count', () => {
    expect(plural(1, 'finding')).toBe('1 finding');
    expect(plural(0, 'finding')).toBe('0 findings');
    expect(plural(1500, 'finding')).toBe('1,500 findings');
  });
});
