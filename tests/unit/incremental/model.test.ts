import { describe, expect, it } from 'vitest';
import type { BinlogPosition } from '../../../src-shared/model/incremental';
import { compareBinlogPositions, formatBinlogPosition, monitoringThresholdMs } from '../../../src-shared/model/incremental';

describe('compareBinlogPositions', () => {
  const at = (file: string, pos: number) => ({ file, pos });

  it('orders by file sequence number, not by text', () => {
    expect(compareBinlogPositions(at('mysql-bin.000010', 4), at('mysql-bin.000009', 9_999))).toBeGreaterThan(0);
    expect(compareBinlogPositions(at('mysql-bin.000009', 9_999), at('mysql-bin.000010', 4))).toBeLessThan(0);
    expect(compareBinlogPositions(at('mysql-bin.999999', 4), at('mysql-bin.1000000', 4))).toBeLessThan(0);
  });

  it('orders by offset within one file', () => {
    expect(compareBinlogPositions(at('mysql-bin.000003', 120), at('mysql-bin.000003', 4))).toBe(116);
    expect(compareBinlogPositions(at('mysql-bin.000003', 4), at('mysql-bin.000003', 120))).toBe(-116);
    expect(compareBinlogPositions(at('mysql-bin.000003', 77), at('mysql-bin.000003', 77))).toBe(0);
  });

  it('ignores the GTID', () => {
    const a: BinlogPosition = { file: 'b.000001', pos: 5, gtid: '0-1-1' };
    const b: BinlogPosition = { file: 'b.000001', pos: 5, gtid: '0-1-9' };
    expect(compareBinlogPositions(a, b)).toBe(0);
  });

  it('breaks ties of equal sequence numbers by file name', () => {
    expect(compareBinlogPositions(at('a-bin.000002', 900), at('b-bin.000002', 4))).toBe(-1);
    expect(compareBinlogPositions(at('b-bin.000002', 4), at('a-bin.000002', 900))).toBe(1);
  });

  it('puts files without a sequence number first', () => {
    expect(compareBinlogPositions(at('binlog', 900), at('binlog.000001', 4))).toBeLessThan(0);
  });

  it('sorts a list of positions', () => {
    const positions = [at('m.000002', 4), at('m.000001', 500), at('m.000010', 4), at('m.000001', 4)];
    expect([...positions].sort(compareBinlogPositions)).toEqual([at('m.000001', 4), at('m.000001', 500), at('m.000002', 4), at('m.000010', 4)]);
  });
});

describe('formatBinlogPosition', () => {
  it('writes file:pos and the GTID when known', () => {
    expect(formatBinlogPosition(null)).toBe('-');
    expect(formatBinlogPosition({ file: 'mysql-bin.000001', pos: 4, gtid: null })).toBe('mysql-bin.000001:4');
    expect(formatBinlogPosition({ file: 'mysql-bin.000001', pos: 1234, gtid: '0-1-42' })).toBe('mysql-bin.000001:1234 (GTID 0-1-42)');
    expect(formatBinlogPosition({ file: 'mysql-bin.000001', pos: 4, gtid: '' })).toBe('mysql-bin.000001:4');
  });
});

describe('monitoringThresholdMs', () => {
  it("is the alert level's latency threshold, Low's without alerts", () => {
    expect(monitoringThresholdMs('high')).toBe(30_000);
    expect(monitoringThresholdMs('medium')).toBe(120_000);
    expect(monitoringThresholdMs('low')).toBe(300_000);
    expect(monitoringThresholdMs('none')).toBe(300_000);
  });
});
