// Why this file exists: a coverage sweep over many areas can find hundreds of thousands of gap
// ranges. As objects they cost a lot to send from the worker thread (the copy is made on the
// receiving thread, i.e. the one serving requests) and far too much to send to a browser. So the
// worker packs them into typed arrays (handed over without a copy) plus a few small dictionaries,
// with a summary by area and by disposition; the request thread then turns only the page asked
// for back into objects. Pure: no I/O, no threads.
import { localDayAt, wallMinutes } from '../directory/local-time';
import { cmp, rangeEndMs, rangeLabel, sweepCoverage, type CoverageDirectory, type CoverageGap, type CoverageMode, type CoverageOptions, type CoveragePlace, type CoverageReport } from '../search/coverage';

/** A place, as replies name it. */
export interface CoverageArea {
  areaCode: string;
  name: string;
}

export interface CoverageAreaSummary extends CoverageArea {
  ranges: number;
  uncoveredSlots: number;
  /** (disposition, symptom group, discriminator) triples with at least one uncovered slot here */
  triplesWithGaps: number;
  /** 0 = Monday 00:00–01:00 … 167: how many gap ranges touch each hour of the week (for a heat map) */
  rangesByHourOfWeek: number[];
}

export interface CoverageDispositionSummary {
  disposition: string;
  ranges: number;
  uncoveredSlots: number;
}

export interface CoverageSummary {
  byArea: CoverageAreaSummary[];
  byDisposition: CoverageDispositionSummary[];
}

/** A coverage report with its gap ranges packed into typed arrays. */
export interface PackedCoverage {
  weekStart: string;
  from: number;
  to: number;
  mode: CoverageMode;
  slotMinutes: number;
  totals: CoverageReport['totals'];
  areas: CoverageArea[];
  areasWithoutServices: CoverageArea[];
  summary: CoverageSummary;
  dispositions: string[];
  pairs: { sg: number; sd: string }[];
  labels: string[];
  /** four per range: index into dispositions, pairs, areas, labels (in the report's order) */
  refs: Int32Array;
  /** two per range: from and to, ms since the epoch */
  times: Float64Array;
}

const REFS = 4;

function interner<T>(keyOf: (value: T) => string) {
  const list: T[] = [];
  const index = new Map<string, number>();
  return {
    list,
    of(value: T): number {
      const key = keyOf(value);
      let i = index.get(key);
      if (i === undefined) {
        index.set(key, (i = list.length));
        list.push(value);
      }
      return i;
    },
  };
}

const area = (p: CoveragePlace): CoverageArea => ({ areaCode: p.areaCode, name: p.name });

/** Packs a report made of objects (gaps in the report's order) and summarises it: the reference `sweepPacked` is tested against. */
export function packCoverage(report: CoverageReport, places: readonly CoveragePlace[]): PackedCoverage {
  const dispositions = interner<string>((d) => d);
  const pairs = interner<{ sg: number; sd: string }>((p) => `${p.sg}/${p.sd}`);
  const areas = interner<CoverageArea>((a) => a.areaCode);
  for (const place of places) areas.of(area(place));
  const labels = interner<string>((l) => l);
  const n = report.gaps.length;
  const refs = new Int32Array(n * REFS);
  const times = new Float64Array(n * 2);
  const slotMs = report.slotMinutes * 60_000;

  const byArea = new Map<string, CoverageAreaSummary & { triples: Set<string> }>();
  const byDisposition = new Map<string, CoverageDispositionSummary>();
  const empty = new Set(report.placesWithoutServices.map((p) => p.areaCode));
  for (const place of places) {
    if (empty.has(place.areaCode) || byArea.has(place.areaCode)) continue;
    byArea.set(place.areaCode, { ...area(place), ranges: 0, uncoveredSlots: 0, triplesWithGaps: 0, rangesByHourOfWeek: new Array<number>(168).fill(0), triples: new Set() });
  }

  report.gaps.forEach((gap, i) => {
    refs[i * REFS] = dispositions.of(gap.disposition);
    refs[i * REFS + 1] = pairs.of({ sg: gap.symptomGroup, sd: gap.discriminator });
    refs[i * REFS + 2] = areas.of({ areaCode: gap.areaCode, name: gap.place });
    refs[i * REFS + 3] = labels.of(gap.label);
    const from = gap.from.getTime();
    const to = gap.to.getTime();
    times[i * 2] = from;
    times[i * 2 + 1] = to;
    const slots = Math.ceil((to - from) / slotMs);

    let a = byArea.get(gap.areaCode);
    if (!a) byArea.set(gap.areaCode, (a = { areaCode: gap.areaCode, name: gap.place, ranges: 0, uncoveredSlots: 0, triplesWithGaps: 0, rangesByHourOfWeek: new Array<number>(168).fill(0), triples: new Set() }));
    a.ranges++;
    a.uncoveredSlots += slots;
    a.triples.add(`${gap.disposition}/${gap.symptomGroup}/${gap.discriminator}`);
    for (const hour of hoursTouched(from, to)) a.rangesByHourOfWeek[hour]++;

    let d = byDisposition.get(gap.disposition);
    if (!d) byDisposition.set(gap.disposition, (d = { disposition: gap.disposition, ranges: 0, uncoveredSlots: 0 }));
    d.ranges++;
    d.uncoveredSlots += slots;
  });

  return {
    weekStart: report.weekStart,
    from: report.from.getTime(),
    to: report.to.getTime(),
    mode: report.mode,
    slotMinutes: report.slotMinutes,
    totals: report.totals,
    areas: places.map(area),
    areasWithoutServices: report.placesWithoutServices.map(area),
    summary: {
      byArea: [...byArea.values()].map(({ triples, ...rest }) => ({ ...rest, triplesWithGaps: triples.size })),
      byDisposition: [...byDisposition.values()].sort((x, y) => y.ranges - x.ranges || (x.disposition < y.disposition ? -1 : 1)),
    },
    dispositions: dispositions.list,
    pairs: pairs.list,
    labels: labels.list,
    refs,
    times,
  };
}

/**
 * Sweeps straight into the packed form: the same result as `packCoverage(coverageGaps(…))`, but no
 * object, date or string is made per range (labels are shared by slot pair), so a sweep of hundreds
 * of thousands of ranges leaves little garbage — collecting it would also take CPU from the
 * request thread, since V8's helper threads serve the whole process.
 */
export function sweepPacked(directory: CoverageDirectory, options: CoverageOptions): PackedCoverage {
  let raw = new Int32Array(5 * 4096);
  let n = 0;
  // Ranges arrive grouped by (place, disposition, pair): where each group starts and ends.
  const groupStart: number[] = [];
  let prevD = -1;
  let prevP = -1;
  let prevPlace = -1;
  const sweep = sweepCoverage(directory, options, (d, p, place, i, j) => {
    if ((n + 1) * 5 > raw.length) {
      const bigger = new Int32Array(raw.length * 2);
      bigger.set(raw);
      raw = bigger;
    }
    if (d !== prevD || p !== prevP || place !== prevPlace) groupStart.push(n);
    prevD = d;
    prevP = p;
    prevPlace = place;
    const k = n * 5;
    raw[k] = d;
    raw[k + 1] = p;
    raw[k + 2] = place;
    raw[k + 3] = i;
    raw[k + 4] = j;
    n++;
  });
  const { slots, dxCodes, pairSg, pairSd } = sweep;
  const places = options.places;

  // The report's order: disposition, symptom group, discriminator, area, place, time.
  const rank = (count: number, compare: (a: number, b: number) => number) => {
    const order = Array.from({ length: count }, (_, i) => i).sort(compare);
    const ranks = new Int32Array(count);
    order.forEach((item, r) => (ranks[item] = r));
    return ranks;
  };
  const dxRank = rank(dxCodes.length, (a, b) => cmp(dxCodes[a], dxCodes[b]));
  const pairRank = rank(pairSg.length, (a, b) => pairSg[a] - pairSg[b] || cmp(pairSd[a], pairSd[b]));
  const placeRank = rank(places.length, (a, b) => cmp(places[a].areaCode, places[b].areaCode) || cmp(places[a].name, places[b].name));
  const groups = groupStart.map((start, g) => ({ start, end: g + 1 < groupStart.length ? groupStart[g + 1] : n }));
  groups.sort((a, b) => {
    const x = a.start * 5;
    const y = b.start * 5;
    return dxRank[raw[x]] - dxRank[raw[y]] || pairRank[raw[x + 1]] - pairRank[raw[y + 1]] || placeRank[raw[x + 2]] - placeRank[raw[y + 2]];
  });

  const labelOf = new Map<number, number>();
  const labels: string[] = [];
  const refs = new Int32Array(n * REFS);
  const times = new Float64Array(n * 2);
  const areaSummary = new Map<string, CoverageAreaSummary>();
  const empty = new Set(sweep.placesWithoutServices.map((p) => p.areaCode));
  for (const place of places) {
    if (empty.has(place.areaCode) || areaSummary.has(place.areaCode)) continue;
    areaSummary.set(place.areaCode, { ...area(place), ranges: 0, uncoveredSlots: 0, triplesWithGaps: 0, rangesByHourOfWeek: new Array<number>(168).fill(0) });
  }
  const dxRanges = new Int32Array(dxCodes.length);
  const dxSlots = new Int32Array(dxCodes.length);
  let out = 0;
  for (const group of groups) {
    const summary = areaSummary.get(places[raw[group.start * 5 + 2]].areaCode)!;
    summary.triplesWithGaps++;
    for (let r = group.start; r < group.end; r++) {
      const k = r * 5;
      const d = raw[k];
      const p = raw[k + 1];
      const place = raw[k + 2];
      const i = raw[k + 3];
      const j = raw[k + 4];
      const key = i * 4096 + j;
      let label = labelOf.get(key);
      if (label === undefined) {
        labelOf.set(key, (label = labels.length));
        labels.push(rangeLabel(slots, i, j));
      }
      refs[out * REFS] = d;
      refs[out * REFS + 1] = p;
      refs[out * REFS + 2] = place;
      refs[out * REFS + 3] = label;
      const from = slots.starts[i];
      const to = rangeEndMs(slots, i, j);
      times[out * 2] = from;
      times[out * 2 + 1] = to;
      out++;
      summary.ranges++;
      summary.uncoveredSlots += j - i;
      countHours(from, to, summary.rangesByHourOfWeek);
      dxRanges[d]++;
      dxSlots[d] += j - i;
    }
  }

  return {
    weekStart: sweep.weekStart,
    from: slots.days[0].startMs,
    to: slots.days[6].endMs,
    mode: sweep.mode,
    slotMinutes: sweep.slotMinutes,
    totals: sweep.totals,
    areas: places.map(area),
    areasWithoutServices: sweep.placesWithoutServices.map(area),
    summary: {
      byArea: [...areaSummary.values()],
      byDisposition: dxCodes
        .map((disposition, d) => ({ disposition, ranges: dxRanges[d], uncoveredSlots: dxSlots[d] }))
        .filter((x) => x.ranges > 0)
        .sort((x, y) => y.ranges - x.ranges || cmp(x.disposition, y.disposition)),
    },
    dispositions: dxCodes,
    pairs: pairSg.map((sg, p) => ({ sg, sd: pairSd[p] })),
    labels,
    refs,
    times,
  };
}

/** Adds one to each hour of the week (0 = Monday 00:00 London time) a range [from, to) touches. */
function countHours(from: number, to: number, hours: number[]): void {
  let last = -1;
  // Whole hours from the start's hour (a London offset is a whole number of hours).
  for (let t = from - (from % 3_600_000); t < to; t += 3_600_000) {
    const day = localDayAt(t);
    const hour = day.weekday * 24 + Math.floor(wallMinutes(t, day) / 60);
    if (hour !== last) hours[hour]++;
    last = hour;
  }
}

/** Hours of the week (0 = Monday 00:00 London time) a range [from, to) touches. */
function hoursTouched(from: number, to: number): number[] {
  const hours: number[] = [];
  // Step by whole hours from the start's hour (a London offset is a whole number of hours).
  for (let t = from - (from % 3_600_000); t < to; t += 3_600_000) {
    const day = localDayAt(t);
    const hour = day.weekday * 24 + Math.floor(wallMinutes(t, day) / 60);
    if (hours[hours.length - 1] !== hour) hours.push(hour);
  }
  return hours;
}

/** How many gap ranges a packed report holds. */
export function packedRanges(packed: PackedCoverage): number {
  return packed.times.length / 2;
}

/** The gap ranges [offset, offset + limit) as objects. */
export function unpackGaps(packed: PackedCoverage, offset: number, limit: number): CoverageGap[] {
  const end = Math.min(packedRanges(packed), offset + limit);
  const gaps: CoverageGap[] = [];
  for (let i = offset; i < end; i++) {
    const pair = packed.pairs[packed.refs[i * REFS + 1]];
    const place = packed.areas[packed.refs[i * REFS + 2]];
    gaps.push({
      disposition: packed.dispositions[packed.refs[i * REFS]],
      symptomGroup: pair.sg,
      discriminator: pair.sd,
      areaCode: place.areaCode,
      place: place.name,
      from: new Date(packed.times[i * 2]),
      to: new Date(packed.times[i * 2 + 1]),
      label: packed.labels[packed.refs[i * REFS + 3]],
    });
  }
  return gaps;
}

/** Bytes a packed report keeps in memory (its typed arrays; the dictionaries are small). */
export function packedBytes(packed: PackedCoverage): number {
  return packed.refs.byteLength + packed.times.byteLength;
}
