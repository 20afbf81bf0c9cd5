// A triage session on its own (no case): for practice, and for sessions opened by link.
import { useEffect, useState } from 'react';
import { CareCard, LoadError, Loading } from '../../components/nhs';
import { STAFF_TRIAGE, TriageRunner } from '../../components/triage';
import { ApiError, call, client } from '../../lib/api';
import { useDispositions } from '../../lib/reference';
import type { TriageSessionView } from '../../lib/types';
import { careKindOfCode } from '../../lib/urgency';

export function TriagePage({ params }: { params: Record<string, string> }) {
  const [view, setView] = useState<TriageSessionView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const dispositions = useDispositions();
  useEffect(() => {
    call(client.GET('/api/triage/sessions/{id}', { params: { path: { id: params.id } } })).then(setView, (e: unknown) => setError(e as ApiError));
  }, [params.id]);
  if (error) return <LoadError error={error} />;
  if (!view) return <Loading />;
  return (
    <>
      <h1 className="nhsuk-heading-l" tabIndex={-1}>Triage session</h1>
      {view.outcome ? (
        dispositions ? (
          <CareCard kind={careKindOfCode(view.outcome.disposition, dispositions)} heading={`${view.outcome.disposition}: ${view.outcome.dispositionTitle}`}>
            <p>{view.outcome.reasons.join('; ')}</p>
          </CareCard>
        ) : (
          <Loading what="Loading the disposition catalogue" />
        )
      ) : (
        <TriageRunner view={view} setView={setView} api={STAFF_TRIAGE} />
      )}
    </>
  );
}
