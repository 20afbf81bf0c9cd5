// "Services not offered, and why": grouped by the reason that ruled each out, every group collapsed,
// each service with what failed for it in the server's words ("not open until 08:00", "full (red)
// until 14:00", "does not see patients aged 4 years"). A service ruled out for several reasons is
// listed under the first (the order the directory applies them) with the others after it.
import { Details } from '../../components/nhs';
import type { Exclusion } from '../../lib/types';

type Rule = Exclusion['rules'][number]['rule'];

/** Groups in the order a call handler can act on them: a full or closed service first, a profile mismatch last. */
const GROUPS: { rule: Rule; heading: string }[] = [
  { rule: 'capacity', heading: 'Full (red capacity)' },
  { rule: 'opening', heading: 'Not open when needed' },
  { rule: 'age', heading: "Do not see patients of this age" },
  { rule: 'sex', heading: 'Do not see patients of this sex' },
  { rule: 'registered-practice', heading: "Only for other practices' patients" },
  { rule: 'referral-role', heading: 'Do not take referrals from you' },
  { rule: 'area', heading: "Not offered in the patient's area" },
  { rule: 'ranking', heading: 'Suitable, but ranked below those offered' },
  { rule: 'disposition', heading: 'Do not take this outcome' },
  { rule: 'discriminator', heading: 'Do not see this problem (discriminator)' },
  { rule: 'symptom-group', heading: 'Do not see this problem (symptom group)' },
  { rule: 'status', heading: 'Closed or not yet open' },
];
/** How many services a group lists before "and N more". */
const SHOWN = 50;

export function groupExclusions(excluded: Exclusion[]): { rule: Rule; heading: string; services: Exclusion[] }[] {
  const order = new Map(GROUPS.map((g, i) => [g.rule, i]));
  const byRule = new Map<Rule, Exclusion[]>();
  for (const e of excluded) {
    const first = [...e.rules].sort((a, b) => (order.get(a.rule) ?? 99) - (order.get(b.rule) ?? 99))[0]?.rule ?? 'ranking';
    byRule.set(first, [...(byRule.get(first) ?? []), e]);
  }
  return GROUPS.filter((g) => byRule.has(g.rule)).map((g) => ({ ...g, services: byRule.get(g.rule)! }));
}

export function ExcludedList({ excluded }: { excluded: Exclusion[] }) {
  if (!excluded.length) return <p className="nhsuk-body">No other services within the search distance.</p>;
  const groups = groupExclusions(excluded);
  return (
    <div data-testid="excluded">
      <p className="nhsuk-body-s">{excluded.length} services within the search distance were not offered. Open a reason to see them.</p>
      {groups.map((g) => (
        <Details key={g.rule} summary={`${g.heading} (${g.services.length})`}>
          <ul className="nhsuk-list sp-excluded" data-rule={g.rule}>
            {g.services.slice(0, SHOWN).map((e) => (
              <li key={e.serviceId}>
                <strong>{e.name}</strong> <span className="sp-muted">({e.distanceKm} km)</span>: {e.rules.map((r) => r.detail).join('; ')}
                {e.offeredByCatchAll && ' — offered anyway as the nearest emergency department'}
              </li>
            ))}
            {g.services.length > SHOWN && <li>… and {g.services.length - SHOWN} more</li>}
          </ul>
        </Details>
      ))}
    </div>
  );
}
