// Gaps (a service turned away for exactly one reason) and unmet need (nothing suitable found), from
// recorded searches: hour of week × area and × disposition heat maps, and the totals behind them.
import { useEffect, useState } from 'react';
import { BarChart, HourOfWeekHeatMap } from '../../components/charts';
import { Button, LoadError, Loading, Radios, Select, Table } from '../../components/nhs';
import { ApiError, call, client, type Reply } from '../../lib/api';
import { useReference } from '../../lib/reference';
import { Link } from '../../lib/router';

type GapsReply = Reply<'/api/insight/gaps'>;

const RULE_NAMES: Record<string, string> = {
  capacity: 'Capacity (red)',
  discriminator: 'Symptom discriminator not profiled',
  disposition: 'Disposition not accepted',
  'referral-role': 'Referral role not accepted',
  age: 'Age outside range',
  opening: 'Closed at the time',
  area: 'Outside its area',
};

export function Gaps() {
  const ref = useReference();
  const [days, setDays] = useState('28');
  const [measure, setMeasure] = useState<'gaps' | 'unmetNeed'>('unmetNeed');
  const [overall, setOverall] = useState<GapsReply | null>(null);
  const [perArea, setPerArea] = useState<{ label: string; reply: GapsReply }[]>([]);
  const [perDx, setPerDx] = useState<{ label: string; reply: GapsReply }[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (!ref) return;
    let live = true;
    const to = new Date();
    const from = new Date(to.getTime() - Number(days) * 86_400_000);
    const base = { from: from.toISOString(), to: to.toISOString() };
    setOverall(null);
    (async () => {
      const all = await call(client.GET('/api/insight/gaps', { params: { query: base } }));
      if (!live) return;
      setOverall(all);
      const areaCodes = [...new Set([...all.gaps.byArea, ...all.unmetNeed.byArea].map((c) => c.key).filter((k) => k && k !== 'null'))];
      const settled = <T,>(results: PromiseSettledResult<T>[]) => results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const areas = settled(await Promise.allSettled(areaCodes.map(async (code) => ({ label: ref.areaName(code), reply: await call(client.GET('/api/insight/gaps', { params: { query: { ...base, areaCode: code } } })) }))));
      if (!live) return;
      setPerArea(areas.sort((a, b) => a.label.localeCompare(b.label)));
      const dxCodes = [...new Map([...all.unmetNeed.byDisposition, ...all.gaps.byDisposition].map((c) => [c.key, c])).values()]
        .sort((a, b) => b.count - a.count)
        .slice(0, 10)
        .map((c) => c.key)
        .filter((k) => /^Dx/.test(k));
      const dxs = settled(await Promise.allSettled(dxCodes.map(async (code) => ({ label: `${code} ${ref.dispositionTitle(code).slice(0, 40)}`, reply: await call(client.GET('/api/insight/gaps', { params: { query: { ...base, disposition: code } } })) }))));
      if (live) setPerDx(dxs);
    })().catch((e: unknown) => live && setError(e instanceof ApiError ? e : new ApiError(0, 'x', String(e))));
    return () => {
      live = false;
    };
  }, [ref, days, tick]);

  const pick = (r: GapsReply) => (measure === 'gaps' ? r.gaps.byHourOfWeek : r.unmetNeed.byHourOfWeek);
  const measureName = measure === 'gaps' ? 'Gaps' : 'Unmet need';
  return (
    <>
      <h1 className="nhsuk-heading-l" tabIndex={-1}>Gaps and unmet need</h1>
      <p className="nhsuk-body">
        From every directory search: a <strong>gap</strong> is a service that would have been offered but for exactly one reason; <strong>unmet need</strong> is a search that found
        nothing suitable and fell back to the nearest emergency departments.
      </p>
      <div className="sp-row">
        <Select
          label="Period"
          value={days}
          onValue={setDays}
          options={[
            { value: '1', label: 'Last 24 hours' },
            { value: '7', label: 'Last 7 days' },
            { value: '28', label: 'Last 28 days' },
            { value: '90', label: 'Last 90 days' },
          ]}
        />
        <Radios
          legend="Heat maps show"
          legendSize="s"
          name="measure"
          inline
          small
          value={measure}
          onValue={(v) => setMeasure(v as 'gaps' | 'unmetNeed')}
          choices={[
            { value: 'unmetNeed', label: 'Unmet need' },
            { value: 'gaps', label: 'Gaps' },
          ]}
        />
        <Button variant="secondary" small onClick={() => setTick((t) => t + 1)}>
          Refresh
        </Button>
      </div>
      <LoadError error={error} retry={() => setTick((t) => t + 1)} />
      {!overall || !ref ? (
        <Loading what="Counting gaps and unmet need" />
      ) : (
        <>
          <div className="sp-grid nhsuk-u-margin-bottom-4">
            <div className="nhsuk-card nhsuk-u-margin-bottom-0">
              <div className="nhsuk-card__content">
                <p className="nhsuk-heading-xl nhsuk-u-margin-bottom-1" data-testid="unmet-total">{overall.unmetNeed.total}</p>
                searches with unmet need
              </div>
            </div>
            <div className="nhsuk-card nhsuk-u-margin-bottom-0">
              <div className="nhsuk-card__content">
                <p className="nhsuk-heading-xl nhsuk-u-margin-bottom-1">{overall.gaps.total}</p>
                gaps recorded
              </div>
            </div>
          </div>
          <h2 className="nhsuk-heading-m">{measureName} by hour of the week and area</h2>
          <HourOfWeekHeatMap title={`${measureName} by area`} testId="heat-area" rows={[{ label: 'All areas', hours: pick(overall) }, ...perArea.map((a) => ({ label: a.label, hours: pick(a.reply) }))]} />
          <h2 className="nhsuk-heading-m">{measureName} by hour of the week and disposition</h2>
          {perDx.length ? (
            <HourOfWeekHeatMap title={`${measureName} by disposition`} testId="heat-dx" rows={perDx.map((d) => ({ label: d.label, hours: pick(d.reply) }))} />
          ) : (
            <p className="nhsuk-body">No dispositions with gaps or unmet need in this period.</p>
          )}
          <div className="sp-two-col">
            <div>
              <h2 className="nhsuk-heading-m">Unmet need by disposition</h2>
              <BarChart title="Unmet need by disposition" colour="#d5281b" items={overall.unmetNeed.byDisposition.slice(0, 15).map((c) => ({ label: `${c.key} ${ref.dispositionTitle(c.key).slice(0, 30)}`, value: c.count }))} />
              <h2 className="nhsuk-heading-m">Gaps by reason</h2>
              <BarChart title="Gaps by reason" items={overall.gaps.byRule.map((c) => ({ label: RULE_NAMES[c.key] ?? c.key, value: c.count }))} />
            </div>
            <div>
              <h2 className="nhsuk-heading-m">Services most often just missed</h2>
              <Table
                rows={overall.gaps.topServices.slice(0, 15)}
                rowKey={(s) => `${s.serviceId}-${s.rule ?? ''}`}
                empty="None recorded."
                columns={[
                  { heading: 'Service', cell: (s) => <Link to={`/dos/services/${s.serviceId}`}>{s.serviceName}</Link> },
                  ...(overall.gaps.topServices.some((s) => s.rule) ? [{ heading: 'Reason', cell: (s: { rule?: string }) => RULE_NAMES[s.rule ?? ''] ?? s.rule ?? '' }] : []),
                  { heading: 'Times', cell: (s) => s.count, numeric: true },
                ]}
              />
              <h2 className="nhsuk-heading-m">Unmet need by area</h2>
              <Table
                rows={overall.unmetNeed.byArea}
                rowKey={(c) => c.key}
                columns={[
                  { heading: 'Area', cell: (c) => ref.areaName(c.key === 'null' ? null : c.key) },
                  { heading: 'Searches', cell: (c) => c.count, numeric: true },
                ]}
              />
            </div>
          </div>
        </>
      )}
    </>
  );
}
