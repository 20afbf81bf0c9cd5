// The "what it can do" section of a service profile: each capability of the catalogue, delivered at
// the patient's home, on the service's own site, both, or not at all. Replaced whole on approval.
import { Details } from '../../components/nhs';
import { useCapabilities } from '../../lib/capabilities';
import type { ServiceProfile } from '../../lib/types';

type Capabilities = ServiceProfile['capabilities'];
type Place = Capabilities[number]['where'][number];
const PLACES: { value: Place; label: string }[] = [
  { value: 'home', label: 'At home' },
  { value: 'on-site', label: 'On site' },
];

export function CapabilitiesEditor({ capabilities, onChange }: { capabilities: Capabilities; onChange: (next: Capabilities) => void }) {
  const catalogue = useCapabilities();
  const whereOf = (code: string) => capabilities.find((c) => c.code === code)?.where ?? [];
  const toggle = (code: string, place: Place, on: boolean) => {
    const where = on ? [...whereOf(code).filter((w) => w !== place), place] : whereOf(code).filter((w) => w !== place);
    const others = capabilities.filter((c) => c.code !== code);
    // Kept in catalogue order, so the same choices always make the same section (and no spurious change).
    const next = where.length ? [...others, { code, where: PLACES.map((p) => p.value).filter((p) => where.includes(p)) }] : others;
    const order = new Map((catalogue ?? []).map((c, i) => [c.code, i]));
    onChange(next.sort((a, b) => (order.get(a.code) ?? 0) - (order.get(b.code) ?? 0)));
  };
  return (
    <Details summary={`What it can do (${capabilities.length} listed)`}>
      <p className="nhsuk-body-s">Professionals find services by what the patient needs: tick where the service does each thing.</p>
      {!catalogue ? (
        <p className="nhsuk-body-s">Loading the capability list…</p>
      ) : (
        <table className="nhsuk-table sp-capabilities">
          <caption className="nhsuk-u-visually-hidden">Capabilities</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th className="nhsuk-table__header" scope="col">Capability</th>
              {PLACES.map((p) => (
                <th key={p.value} className="nhsuk-table__header" scope="col">{p.label}</th>
              ))}
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {catalogue.map((c) => (
              <tr key={c.code} className="nhsuk-table__row">
                <th className="nhsuk-table__cell" scope="row">{c.name}</th>
                {PLACES.map((p) => (
                  <td key={p.value} className="nhsuk-table__cell">
                    <input
                      type="checkbox"
                      className="sp-capability-box"
                      aria-label={`${c.name}: ${p.label.toLowerCase()}`}
                      checked={whereOf(c.code).includes(p.value)}
                      onChange={(e) => toggle(c.code, p.value, e.target.checked)}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Details>
  );
}

/** The section as a list to read: "Insulin and other medicines given at home (at home)". */
export function CapabilitiesList({ capabilities }: { capabilities: Capabilities }) {
  const catalogue = useCapabilities();
  if (!capabilities.length) return <p className="nhsuk-body-s">None listed.</p>;
  const nameOf = (code: string) => catalogue?.find((c) => c.code === code)?.name ?? code;
  const placesOf = (where: readonly Place[]) => PLACES.filter((p) => where.includes(p.value)).map((p) => p.label.toLowerCase()).join(' and ');
  return (
    <ul className="nhsuk-list nhsuk-list--bullet" data-testid="service-capabilities">
      {capabilities.map((c) => (
        <li key={c.code}>
          {nameOf(c.code)} ({placesOf(c.where)})
        </li>
      ))}
    </ul>
  );
}
