import { describe, expect, it } from 'vitest';

import {
  formatBytes,
  formatDuration,
  formatNumber,
  formatValue,
  numericValue,
  queryKey,
  queryLiteral
} from '../src/model/format';

describe('value formatting', () => {
  it('shortens numbers, keeps integers whole', () => {
    expect(formatNumber(0.123456789)).toBe('0.123457');
    expect(formatNumber(120000)).toBe('120000');
    expect(formatNumber(1e-7)).toBe('1e-7');
    expect(formatNumber(Number.NaN)).toBe('NaN');
  });

  it('renders every JSON kind', () => {
    expect(formatValue(undefined)).toBe('');
    expect(formatValue(null)).toBe('null');
    expect(formatValue('adam')).toBe('adam');
    expect(formatValue(true)).toBe('true');
    expect(formatValue([1, 'a'])).toBe('[1,"a"]');
    expect(formatValue({ a: 1 })).toBe('{"a":1}');
  });

  it('reads numbers from numbers and numeric strings only', () => {
    expect(numericValue(3)).toBe(3);
    expect(numericValue('0.5')).toBe(0.5);
    expect(numericValue('')).toBeUndefined();
    expect(numericValue('abc')).toBeUndefined();
    expect(numericValue(true)).toBeUndefined();
  });

  it('formats durations and sizes', () => {
    expect(formatDuration(12_300)).toBe('12.3s');
    expect(formatDuration(185_000)).toBe('3m 05s');
    expect(formatDuration(3_720_000)).toBe('1h 02m');
    expect(formatDuration(-1)).toBe('');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
  });
});

describe('query-language text', () => {
  it('writes keys as the server renders them', () => {
    expect(queryKey('metrics', 'acc')).toBe('metrics.acc');
    expect(queryKey('attributes', 'jupyter.kernel_id')).toBe('attributes.jupyter.kernel_id');
    expect(queryKey('metrics', 'val loss')).toBe('metrics.`val loss`');
    expect(queryKey('metrics', 'in')).toBe('metrics.`in`');
    expect(queryKey('hyperparameters', 'a`b')).toBe('hyperparameters.`a``b`');
    expect(queryKey('tags')).toBe('tags');
  });

  it('quotes and escapes literals', () => {
    expect(queryLiteral("it's\n")).toBe("'it\\'s\\n'");
    expect(queryLiteral(0.5)).toBe('0.5');
    expect(queryLiteral(false)).toBe('false');
    expect(queryLiteral(null)).toBe('null');
  });
});
