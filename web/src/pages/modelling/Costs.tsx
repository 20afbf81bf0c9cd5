// Costs and payment (issue 13, item 3): the commissioner's tariffs with their sources, how each
// organisation is paid, income and margin by organisation for a baseline run (means with 95%
// intervals over replications), and who gains or loses when a patient is kept out of hospital under
// each payment model — the perverse incentives made visible. Edits are previewed on the baseline
// before they are saved.
import { useEffect, useState } from 'react';
import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, Tooltip, type ChartOptions } from 'chart.js';
import { Bar } from 'react-chartjs-2';
import { Button, Details, ErrorSummary, InsetText, LoadError, Loading, Select, Table, Tag, TextInput, WarningCallout } from '../../components/nhs';
import { call, client, useApi, type Reply, type RequestBody } from '../../lib/api';

ChartJS.register(CategoryScale, LinearScale, BarElement, Tooltip, Legend);

type ModelReply = Reply<'/api/modelling/cost-model'>;
type Model = RequestBody<'/api/modelling/cost-model', 'put'>['model'];
type Baseline = Reply<'/api/modelling/costs/baseline', 'post'>;
type Payment = NonNullable<Model['payments']>[string];
type PaymentKind = Payment['kind'];
type Interval = Baseline['costs']['commissionerCost'];
type View = NonNullable<Baseline['costs']['keptOutOfHospital']>['views'][number];

export const ACTIVITY_NAMES: Record<string, string> = {
  'nhs111-call': 'NHS 111 call answered',
  'clinical-assessment': 'Clinical assessment (call-back)',
  'ooh-consultation': 'Out-of-hours consultation',
  'ooh-home-visit': 'Out-of-hours home visit',
  'gp-appointment': 'GP practice or hub appointment',
  'utc-attendance': 'UTC / MIU attendance (type 3)',
  'ed-attendance': 'ED attendance (type 1)',
  'ambulance-see-and-treat': 'Ambulance: see and treat',
  'ambulance-convey': 'Ambulance: see, treat and convey',
  'non-elective-admission': 'Non-elective admission',
  'dental-urgent': 'Urgent dental treatment',
  'pharmacy-consultation': 'Pharmacist consultation',
  'community-response': 'Urgent community response visit',
};

const PAYMENT_NAMES: Record<PaymentKind | 'as-configured', string> = {
  'as-configured': 'As configured',
  activity: 'By activity',
  block: 'Block contract',
  capitation: 'Capitation',
  'risk-pool': 'Shared risk pool',
};

const pounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });
export const money = (value: number) => pounds.format(Math.round(value));
export const signed = (value: number) => (Math.round(value) > 0 ? `+${money(value)}` : money(value));
const withInterval = (i: Interval) => `${money(i.mean)} (${money(i.low)} to ${money(i.high)})`;

/** A number typed into a field: kept as typed until it leaves the field; not a number is sent as is and refused by the server, naming the field. */
function NumberField({ label, value, onValue, width = 10, hint, hiddenLabel }: { label: string; value: number; onValue: (n: number) => void; width?: 2 | 3 | 4 | 5 | 10 | 20 | 30; hint?: string; hiddenLabel?: boolean }) {
  return <TextInput label={hiddenLabel ? <span className="nhsuk-u-visually-hidden">{label}</span> : label} hint={hint} width={width} inputMode="decimal" defaultValue={String(value)} onBlur={(e) => onValue(Number(e.target.value))} />;
}

export function Costs() {
  const saved = useApi((signal) => client.GET('/api/modelling/cost-model', { signal }));
  const [draft, setDraft] = useState<Model | null>(null);
  /** The model as last saved (or loaded): what "Undo changes" goes back to. */
  const [base, setBase] = useState<Model | null>(null);
  const [savedBy, setSavedBy] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [baseline, setBaseline] = useState<Baseline | null>(null);
  const [pricing, setPricing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState('');
  const [formKey, setFormKey] = useState(0);

  useEffect(() => {
    if (!saved.data) return;
    setDraft(saved.data.model);
    setBase(saved.data.model);
    setVersion(saved.data.version);
    setSavedBy(saved.data.updatedByName);
    void price(saved.data.model);
    // Price once the saved model arrives; later pricing is asked for by the buttons.
  }, [saved.data]);

  async function price(model: Model) {
    setPricing(true);
    setError(null);
    try {
      setBaseline(await call(client.POST('/api/modelling/costs/baseline', { body: { model } })));
    } catch (e) {
      setError(e);
    } finally {
      setPricing(false);
    }
  }

  async function save() {
    if (!draft) return;
    setError(null);
    setMessage('');
    try {
      const reply: ModelReply = await call(client.PUT('/api/modelling/cost-model', { body: { model: draft, expectedVersion: version } }));
      setVersion(reply.version);
      setDraft(reply.model);
      setBase(reply.model);
      setSavedBy(reply.updatedByName);
      setMessage(`Saved: version ${reply.version}, ${new Date(reply.updatedAt ?? Date.now()).toLocaleString('en-GB')}.`);
      await price(reply.model);
    } catch (e) {
      setError(e);
    }
  }

  if (saved.error) return <LoadError error={saved.error} retry={saved.reload} />;
  if (!draft || !base) return <Loading what="Loading the cost model" />;
  const names = new Map((baseline?.organisations ?? []).map((o) => [o.id, o.name]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const update = (change: Partial<Model>) => setDraft({ ...draft, ...change });

  return (
    <>
      <h1 className="nhsuk-heading-l" tabIndex={-1}>
        Costs and payment
      </h1>
      <p className="nhsuk-body">
        What the urgent care system costs you, what each organisation earns and spends, and who gains or loses when a patient is kept out of hospital — under each way of paying
        for care. Change the tariffs or how an organisation is paid, preview the effect on the baseline, then save.
      </p>
      <WarningCallout heading="Demonstration figures">
        <p>
          The shipped unit costs are rounded national averages from the National Cost Collection and PSSRU unit costs, with the source beside each. Check them against the current
          publications and your own contracts before relying on them.
        </p>
      </WarningCallout>
      <p className="nhsuk-body-s" data-testid="cost-model-version">
        {version === 0 ? 'Using the shipped defaults (not yet saved).' : `Saved version ${version}${savedBy ? `, by ${savedBy}` : ''}.`}
      </p>
      <ErrorSummary error={error} />
      {message && (
        <InsetText>
          <p role="status">{message}</p>
        </InsetText>
      )}

      <h2 className="nhsuk-heading-m">Income and margin by organisation</h2>
      {pricing && !baseline && <Loading what="Pricing the baseline" />}
      {baseline && <BaselineResults baseline={baseline} nameOf={nameOf} />}

      <h2 className="nhsuk-heading-m">A patient kept out of hospital</h2>
      {baseline && <Counterfactual baseline={baseline} nameOf={nameOf} />}

      <div key={formKey}>
        <h2 className="nhsuk-heading-m">How each organisation is paid</h2>
        <PaymentEditor draft={draft} organisations={[...(baseline?.costs.organisations ?? [])].sort((a, b) => b.income.mean - a.income.mean).map((o) => o.organisationId)} nameOf={nameOf} update={update} />

        <h2 className="nhsuk-heading-m">Tariffs and unit costs</h2>
        <TariffEditor draft={draft} update={update} />
      </div>

      <div className="sp-row">
        <Button onClick={() => void price(draft)} variant="secondary" disabled={pricing}>
          {pricing ? 'Pricing…' : 'Preview on the baseline'}
        </Button>
        <Button onClick={() => void save()}>Save the cost model</Button>
        <Button
          variant="secondary"
          onClick={() => {
            setDraft(base);
            setFormKey((k) => k + 1);
            void price(base);
          }}
        >
          Undo changes
        </Button>
      </div>
    </>
  );
}

/** How many organisations the chart names; the rest are summed into one bar. */
const CHART_ORGANISATIONS = 10;

function BaselineResults({ baseline, nameOf }: { baseline: Baseline; nameOf: (id: string) => string }) {
  const orgs = [...baseline.costs.organisations].sort((a, b) => b.income.mean - a.income.mean);
  const shown = orgs.filter((o) => o.income.mean !== 0 || o.cost.mean !== 0 || o.payment !== 'activity');
  const top = orgs.slice(0, CHART_ORGANISATIONS);
  const rest = orgs.slice(CHART_ORGANISATIONS).filter((o) => o.income.mean !== 0 || o.cost.mean !== 0);
  const bars = [
    ...top.map((o) => ({ label: nameOf(o.organisationId), income: o.income.mean, margin: o.margin.mean })),
    ...(rest.length
      ? [{ label: `${rest.length} other organisations`, income: rest.reduce((a, o) => a + o.income.mean, 0), margin: rest.reduce((a, o) => a + o.margin.mean, 0) }]
      : []),
  ];
  const options: ChartOptions<'bar'> = {
    indexAxis: 'y',
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: { legend: { display: true }, tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${money(Number(item.raw))}` } } },
    scales: { x: { ticks: { callback: (v) => money(Number(v)) } } },
  };
  const summary = bars
    .slice(0, 4)
    .map((b) => `${b.label}: income ${money(b.income)}, margin ${money(b.margin)}`)
    .join('; ');
  return (
    <>
      <p className="nhsuk-body-s">{baseline.description}</p>
      <p className="nhsuk-body" data-testid="commissioner-cost">
        Cost to the commissioner over the run: <strong>{withInterval(baseline.costs.commissionerCost)}</strong> (mean and 95% interval over {baseline.replications} replications).
      </p>
      <figure className="nhsuk-u-margin-0 nhsuk-u-margin-bottom-4">
        <div style={{ height: Math.max(160, bars.length * 44 + 60) }}>
          <Bar
            data={{
              labels: bars.map((b) => b.label),
              datasets: [
                { label: 'Income', data: bars.map((b) => b.income), backgroundColor: '#005eb8' },
                { label: 'Margin', data: bars.map((b) => b.margin), backgroundColor: '#ffb81c' },
              ],
            }}
            options={options}
            aria-label={`Income and margin by organisation (means). ${summary}`}
            role="img"
          />
        </div>
        <figcaption className="nhsuk-u-visually-hidden">Income and margin by organisation</figcaption>
      </figure>
      <Details summary="Show the numbers as a table">
        <Table
          caption="Income, cost and margin by organisation (mean, 95% interval)"
          rows={shown}
          rowKey={(o) => o.organisationId}
          columns={[
            { heading: 'Organisation', cell: (o) => nameOf(o.organisationId) },
            { heading: 'Paid by', cell: (o) => PAYMENT_NAMES[o.payment] },
            { heading: 'Income', cell: (o) => withInterval(o.income), numeric: true },
            { heading: 'Cost', cell: (o) => withInterval(o.cost), numeric: true },
            { heading: 'Margin', cell: (o) => withInterval(o.margin), numeric: true },
          ]}
        />
        {orgs.length > shown.length && <p className="nhsuk-body-s">{orgs.length - shown.length} organisations had no activity in this run and are paid by activity: not listed.</p>}
      </Details>
    </>
  );
}

function Counterfactual({ baseline, nameOf }: { baseline: Baseline; nameOf: (id: string) => string }) {
  const kept = baseline.costs.keptOutOfHospital;
  if (!kept) return <p className="nhsuk-body">{baseline.costs.unavailable ?? 'Not available for this cost model.'}</p>;
  const all = [...new Set(kept.views.flatMap((v) => v.organisations.map((o) => o.organisationId)))];
  const moves = (id: string) =>
    kept.views.some((v) => v.paymentModel !== 'risk-pool' && v.organisations.some((o) => o.organisationId === id && (Math.abs(o.marginChange) >= 0.5 || Math.abs(o.incomeChange) >= 0.5)));
  const orgIds = all.filter(moves);
  const others = all.filter((id) => !moves(id));
  const changeOf = (view: View, id: string) => view.organisations.find((o) => o.organisationId === id);
  const cell = (value: number | undefined) => {
    if (value === undefined || Math.abs(value) < 0.5) return <span>£0</span>;
    return <Tag colour={value > 0 ? 'green' : 'red'}>{signed(value)}</Tag>;
  };
  const changes = kept.changes.map((c) => `${c.count > 0 ? 'one more' : 'one fewer'} ${ACTIVITY_NAMES[c.activity]?.toLowerCase() ?? c.activity} (${nameOf(c.organisationId)})`).join(', ');
  return (
    <>
      <p className="nhsuk-body">
        The change: {changes}. Each column pays every organisation the same way (blocks and capitation worth the baseline’s activity; a pool whose budget is the baseline’s cost
        and whose members keep {Math.round(100 * (baseline.costs.mean.riskPool?.providersShare ?? 0.5))}% of any saving), except the first, which uses your payment models.
        Costs move by the short-run part of each unit cost only: beds and rotas stay.
      </p>
      <Table
        caption="Change in margin (income less cost) for each organisation"
        rows={[...orgIds.map((id) => ({ id, other: false })), ...(others.length ? [{ id: others[0], other: true }] : []), { id: '', other: false }]}
        rowKey={(r) => (r.other ? 'others' : r.id || 'commissioner')}
        columns={[
          {
            heading: 'Organisation',
            cell: (r) =>
              r.other ? `Each of the ${others.length} other organisations (e.g. ${nameOf(r.id)})` : r.id ? nameOf(r.id) : <strong>Commissioner (change in what it pays)</strong>,
          },
          ...kept.views.map((view) => ({
            heading: PAYMENT_NAMES[view.paymentModel],
            numeric: true,
            cell: (r: { id: string; other: boolean }) => (r.id ? cell(changeOf(view, r.id)?.marginChange) : cell(-view.commissionerChange)),
          })),
        ]}
      />
      <Details summary="Show the change in income as well">
        <Table
          caption="Change in income for each organisation"
          rows={orgIds.map((id) => ({ id }))}
          rowKey={(r) => r.id}
          columns={[
            { heading: 'Organisation', cell: (r) => nameOf(r.id) },
            ...kept.views.map((view) => ({ heading: PAYMENT_NAMES[view.paymentModel], numeric: true, cell: (r: { id: string }) => signed(changeOf(view, r.id)?.incomeChange ?? 0) })),
          ]}
        />
      </Details>
      <p className="nhsuk-body-s">For the commissioner, a positive figure is a saving.</p>
    </>
  );
}

/** How many organisations the payment editor lists before the rest are offered in a list to add. */
const PAYMENT_ORGANISATIONS = 8;

function PaymentEditor({ draft, organisations, nameOf, update }: { draft: Model; organisations: string[]; nameOf: (id: string) => string; update: (change: Partial<Model>) => void }) {
  const payments = draft.payments ?? {};
  const [added, setAdded] = useState<string[]>([]);
  const ids = [...new Set([...organisations.slice(0, PAYMENT_ORGANISATIONS), ...Object.keys(payments), ...added])];
  const more = organisations.filter((id) => !ids.includes(id));
  const setPayment = (id: string, payment: Payment) => update({ payments: { ...payments, [id]: payment } });
  const pooled = Object.values(payments).some((p) => p.kind === 'risk-pool');
  return (
    <>
      <p className="nhsuk-body">Organisations not set otherwise are paid by activity (the tariff’s price for each unit). The busiest are listed; add others below.</p>
      {ids.map((id) => {
        const payment: Payment = payments[id] ?? { kind: 'activity' };
        return (
          <fieldset className="nhsuk-fieldset sp-row" key={id} data-testid={`payment-${id}`}>
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{nameOf(id)}</legend>
            <Select
              label="Paid by"
              value={payment.kind}
              options={(Object.keys(PAYMENT_NAMES) as (PaymentKind | 'as-configured')[]).filter((k) => k !== 'as-configured').map((k) => ({ value: k, label: PAYMENT_NAMES[k] }))}
              onValue={(kind) =>
                setPayment(
                  id,
                  kind === 'block' ? { kind, annualAmount: 0 } : kind === 'capitation' ? { kind, perHeadPerYear: 0 } : kind === 'risk-pool' ? { kind, weight: 1 } : { kind: 'activity' },
                )
              }
            />
            {payment.kind === 'block' && <NumberField key="block" label="Block a year (£)" value={payment.annualAmount} onValue={(n) => setPayment(id, { ...payment, annualAmount: n })} />}
            {payment.kind === 'capitation' && <NumberField key="capitation" label="Per head a year (£)" value={payment.perHeadPerYear} onValue={(n) => setPayment(id, { ...payment, perHeadPerYear: n })} width={5} />}
            {payment.kind === 'risk-pool' && <NumberField key="pool" label="Weight in the pool" value={payment.weight ?? 1} onValue={(n) => setPayment(id, { ...payment, weight: n })} width={4} />}
          </fieldset>
        );
      })}
      {more.length > 0 && (
        <Select
          label="Set how another organisation is paid"
          value=""
          options={[{ value: '', label: `Choose one of ${more.length} more` }, ...more.map((id) => ({ value: id, label: nameOf(id) }))]}
          onValue={(id) => id && setAdded([...added, id])}
        />
      )}
      <NumberField label="Population served" value={draft.population} onValue={(n) => update({ population: n })} hint="For capitation: the people the commissioner pays for." />
      {pooled && (
        <div className="sp-row">
          <NumberField label="Risk pool budget a year (£)" value={draft.riskPool?.annualBudget ?? 0} onValue={(n) => update({ riskPool: { ...draft.riskPool, annualBudget: n } })} />
          <NumberField
            label="Members’ share of the saving (0 to 1)"
            value={draft.riskPool?.providersShare ?? 0.5}
            onValue={(n) => update({ riskPool: { annualBudget: draft.riskPool?.annualBudget ?? 0, providersShare: n } })}
            width={4}
          />
        </div>
      )}
    </>
  );
}

function TariffEditor({ draft, update }: { draft: Model; update: (change: Partial<Model>) => void }) {
  const rows = Object.entries(draft.tariffs).map(([activity, tariff]) => ({ activity, tariff }));
  const setTariff = (activity: string, change: Partial<Model['tariffs'][string]>) => update({ tariffs: { ...draft.tariffs, [activity]: { ...draft.tariffs[activity], ...change } } });
  return (
    <Table
      caption="Price paid by activity, the provider’s unit cost, and the short-run (variable) share of it"
      rows={rows}
      rowKey={(r) => r.activity}
      columns={[
        { heading: 'Activity', cell: (r) => <span data-testid={`tariff-${r.activity}`}>{ACTIVITY_NAMES[r.activity] ?? r.activity}</span> },
        { heading: 'Price (£)', cell: (r) => <NumberField label={`Price of ${ACTIVITY_NAMES[r.activity] ?? r.activity}`} value={r.tariff.price} onValue={(n) => setTariff(r.activity, { price: n })} width={5} hiddenLabel /> },
        { heading: 'Unit cost (£)', cell: (r) => <NumberField label={`Unit cost of ${ACTIVITY_NAMES[r.activity] ?? r.activity}`} value={r.tariff.unitCost} onValue={(n) => setTariff(r.activity, { unitCost: n })} width={5} hiddenLabel /> },
        {
          heading: 'Variable share',
          cell: (r) => <NumberField label={`Variable share of ${ACTIVITY_NAMES[r.activity] ?? r.activity}`} value={r.tariff.variableShare ?? 1} onValue={(n) => setTariff(r.activity, { variableShare: n })} width={3} hiddenLabel />,
        },
        { heading: 'Source', cell: (r) => <span className="nhsuk-body-s">{r.tariff.source}</span> },
      ]}
    />
  );
}

