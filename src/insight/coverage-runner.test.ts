import { threadId } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { Catalogue, type Timeframe } from '../directory/catalogue';
import { everyDay, session } from '../demo/hours';
import { HOME, makeService } from '../search/fixtures';
import { unpackGaps } from './coverage-report';
import { CoverageThread, type DirectoryCopy } from './coverage-runner';
import type { SweepRequest } from './coverage-protocol';

const catalogue = Catalogue.load();
const timeframes: Record<string, Timeframe> = Object.fromEntries(catalogue.dispositions.map((d) => [d.code, d.timeframe]));
const thread = new CoverageThread();
afterAll(() => thread.close());

const copy = (version: string, open: string, close: string): DirectoryCopy => ({
  version,
  services: () => [makeService({ id: 1, openingTimes: everyDay([session(open, close)]), km: 2 })],
  holidays: async () => [],
  timeframes: () => timeframes,
});
const request: SweepRequest = { weekStart: '2026-03-09', places: [{ areaCode: 'ek-canterbury', name: 'Canterbury', ...HOME }], distancesKm: [10], mode: 'open-now' };
const mondayLabels = (result: Awaited<ReturnType<CoverageThread['sweep']>>) => unpackGaps(result.packed, 0, 100).filter((g) => g.label.startsWith('Mon')).map((g) => g.label);

describe('the coverage worker thread', () => {
  it('sweeps off the request thread, over the directory copy it was sent', async () => {
    const result = await thread.sweep(copy('1.1', '08:00', '20:00'), request);
    expect(result.threadId).not.toBe(threadId);
    expect(mondayLabels(result)).toEqual(['Mon 00:00–08:00', 'Mon 20:00–24:00']);
  });

  it('takes a new copy of the directory when its version changes, and answers sweeps in order', async () => {
    const [before, after] = await Promise.all([thread.sweep(copy('1.1', '08:00', '20:00'), request), thread.sweep(copy('1.2', '06:00', '22:00'), request)]);
    expect(mondayLabels(before)).toEqual(['Mon 00:00–08:00', 'Mon 20:00–24:00']);
    expect(mondayLabels(after)).toEqual(['Mon 00:00–06:00', 'Mon 22:00–24:00']);
  });

  it('reports a failed sweep as an error, and carries on', async () => {
    await expect(thread.sweep(copy('1.2', '06:00', '22:00'), { ...request, weekStart: '2026-03-10' })).rejects.toThrow(/must be a Monday/);
    expect((await thread.sweep(copy('1.2', '06:00', '22:00'), request)).packed.totals.triples).toBe(1);
  });
});
