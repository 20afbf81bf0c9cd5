import { BankHolidayCalendar } from './src/directory/bank-holidays';
import { Catalogue } from './src/directory/catalogue';
import { NeedsMatcher } from './src/directory/needs-matcher';
import { generateNationalDirectory } from './src/demo/national';
import { nationalServices } from './src/search/fixtures';
import { NeedsIndex, needsWindow, searchByNeeds } from './src/search/needs-search';
import { needsRequests } from './bench/needs';
const catalogue = Catalogue.load(); const calendar = new BankHolidayCalendar();
const { services: profiles } = generateNationalDirectory(100000, catalogue);
const index = new NeedsIndex(nationalServices(profiles));
const matcher = new NeedsMatcher(catalogue.capabilities);
const ctx = { calendar, capacities: new Map(), typeName: (id: number) => String(id) };
const now = new Date('2026-12-02T10:00:00Z');
const reqs = needsRequests(profiles, 3000).filter(r => r.distanceKm === undefined && r.needs.length === 5);
const needs = reqs[0].needs.map((n) => { const m = matcher.match(n); if (!m.ok) throw 1; return m.matched; });
for (const r of reqs.slice(0, 30)) {
  const t0 = performance.now(); const g = globalThis as any;
  const o = searchByNeeds(index, ctx, { needs, lat: r.lat, lon: r.lon, areaCode: null, distanceKm: 60, ageDays: 30000, registeredPractice: null, window: needsWindow(r.when, now), referralRole: 'provider', now, limit: 10 });
  const te = performance.now(); console.log((te-t0).toFixed(2), (g.T1-t0).toFixed(2), (g.T2-g.T1).toFixed(2), (g.T3-g.T2).toFixed(2), (g.T4-g.T3).toFixed(2), (te-g.T4).toFixed(2), o.considered, o.complete.length, o.pairs.length, o.partial.length, r.when);
}
