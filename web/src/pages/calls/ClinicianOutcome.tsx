// A clinician's own outcome for a queue entry (a validation or a call-back): the disposition, and the
// symptom group and discriminator the directory is then searched with — the triage's to start with,
// so that a downgrade (Dx012 → Dx05) can leave an ambulance-level discriminator behind.
import { useState } from 'react';
import { Button, Select, Textarea } from '../../components/nhs';
import type { RequestBody } from '../../lib/api';
import type { CaseDisposition } from '../../lib/cases';
import type { Reference } from '../../lib/reference';

/** A clinician's own disposition, as POST /api/queue/{id}/outcome takes it. */
export type ClinicianOutcomeBody = Extract<RequestBody<'/api/queue/{id}/outcome'>, { kind: 'disposition' }>;

/** The request body: the symptom group and discriminator chosen (left out when none is, so the case's stand). */
export function clinicianOutcomeBody(disposition: string, symptomGroup: string, symptomDiscriminator: string, summary: string): ClinicianOutcomeBody {
  return {
    kind: 'disposition',
    disposition,
    ...(symptomGroup ? { symptomGroup: Number(symptomGroup) } : {}),
    ...(symptomDiscriminator ? { symptomDiscriminator } : {}),
    summary,
  };
}

export function ClinicianOutcomeForm({ current, reference, onRecord }: { current: CaseDisposition | null; reference: Reference | null; onRecord: (body: ClinicianOutcomeBody) => void }) {
  const [dx, setDx] = useState('');
  const [sg, setSg] = useState(current?.symptomGroup ? String(current.symptomGroup) : '');
  const [sd, setSd] = useState(current?.symptomDiscriminator ?? '');
  const [summary, setSummary] = useState('');
  const from = current?.source === 'triage' ? 'triage’s' : 'case’s';
  return (
    <>
      <Select label="Disposition" value={dx} onValue={setDx} options={[{ value: '', label: 'Choose' }, ...(reference?.dispositions ?? []).map((d) => ({ value: d.code, label: `${d.code} ${d.title}` }))]} />
      <Select
        label="Symptom group"
        hint={`Services are found by this and the discriminator. The ${from} are chosen to start with.`}
        value={sg}
        onValue={setSg}
        options={[{ value: '', label: 'As the case says' }, ...(reference?.symptomGroups ?? []).map((g) => ({ value: String(g.code), label: `${g.code} ${g.title}` }))]}
      />
      <Select
        label="Symptom discriminator"
        hint="The deciding finding: change it when your outcome rests on a different one (e.g. a downgrade)."
        value={sd}
        onValue={setSd}
        options={[{ value: '', label: 'As the case says' }, ...(reference?.discriminators ?? []).map((d) => ({ value: d.code, label: `${d.code} ${d.title}` }))]}
      />
      <Textarea label="Clinical summary" value={summary} onValue={setSummary} />
      <Button small onClick={() => onRecord(clinicianOutcomeBody(dx, sg, sd, summary))}>
        Record outcome
      </Button>
    </>
  );
}
