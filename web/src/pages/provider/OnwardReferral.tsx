// A receiving service refers the patient onward on the same case (an out-of-hours GP straight to a
// hospital department): its own disposition, a directory search for the case with it, and the
// referral — the service's own referral completes and the patient's journey stays one case.
import { useState } from 'react';
import { Button, ErrorSummary, Select } from '../../components/nhs';
import { call, client } from '../../lib/api';
import type { CaseSearch, Referral } from '../../lib/cases';
import { useReference } from '../../lib/reference';
import { ReferPanel } from '../calls/ReferPanel';
import { ResultCard } from '../calls/parts';

export function OnwardReferral({ referral, onSent }: { referral: Referral; onSent: (onward: Referral) => void }) {
  const ref = useReference();
  const [disposition, setDisposition] = useState(referral.disposition ?? '');
  const [search, setSearch] = useState<CaseSearch | null>(null);
  const [choosing, setChoosing] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const find = async () => {
    setBusy(true);
    setError(null);
    setChoosing(null);
    try {
      setSearch(await call(client.POST('/api/cases/{id}/searches', { params: { path: { id: referral.caseId } }, body: disposition ? { disposition } : {} })));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const options = (ref?.dispositions ?? []).map((d) => ({ value: d.code, label: `${d.code} ${d.title}` }));
  return (
    <section aria-labelledby="onward-heading" data-testid="onward">
      <h2 className="nhsuk-heading-m" id="onward-heading">Refer onward</h2>
      <p className="nhsuk-body">
        Send the patient on to another service — a hospital department directly — with the whole story. This referral is then completed; the patient’s journey stays one case.
      </p>
      <ErrorSummary error={error} />
      <div className="sp-row">
        <Select label="Your outcome for the patient" value={disposition} onValue={setDisposition} options={options.length ? options : [{ value: disposition, label: disposition }]} />
        <Button variant="secondary" onClick={find} disabled={busy} data-testid="onward-find">
          {busy ? 'Searching…' : search ? 'Search again' : 'Find services'}
        </Button>
      </div>
      {search && (
        <>
          <p className="nhsuk-body" role="status">
            {search.results.length} service(s) take a referral from you for {disposition} within {search.distanceKm} km.
          </p>
          <ol className="nhsuk-list" data-testid="onward-results">
            {search.results.map((r) => (
              <ResultCard
                key={r.serviceId}
                r={r}
                position={r.position}
                action={
                  choosing === r.serviceId ? (
                    <ReferPanel
                      caseId={referral.caseId}
                      search={search}
                      chosen={r}
                      disposition={disposition !== referral.disposition ? disposition : undefined}
                      onSent={onSent}
                      onCancel={() => setChoosing(null)}
                    />
                  ) : (
                    <Button small onClick={() => setChoosing(r.serviceId)} aria-label={`Refer onward to ${r.name}`}>
                      Refer onward to this service
                    </Button>
                  )
                }
              />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
