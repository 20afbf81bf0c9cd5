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
const reqs = needsRequests(profiles, 3000);
const res: [number, string, number][] = [];
const mt: number[] = [];
for (const r of reqs) for (let k=0;k<2;k++) {
  let t0 = performance.now();
  const needs = r.needs.map((n) => { const m = matcher.match(n); if (!m.ok) throw 1; return m.matched; });
  const t1 = performance.now();
  const o = searchByNeeds(index, ctx, { needs, lat: r.lat, lon: r.lon, areaCode: null, distanceKm: r.distanceKm ?? 60, ageDays: 30000, registeredPractice: null, window: needsWindow(r.when, now), referralRole: 'provider', now, limit: 10 });
  if (k) { res.push([performance.now()-t0, JSON.stringify([r.needs, r.when, r.distanceKm]), o.considered]); mt.push(t1-t0); }
}
res.sort((a,b)=>b[0]-a[0]); console.log(res.slice(0,12)); mt.sort((a,b)=>b-a); console.log('match max', mt.slice(0,5));
