// Special patient notes where the patient is being cared for (a case, a referral): shown to whoever
// the server lets see them; written by clinicians and provider staff (GP practices, community teams),
// and changed or withdrawn only by the organisation that wrote them — as the API allows.
import { useState } from 'react';
import { Button, Details, ErrorSummary, Select, Textarea, TextInput } from '../../components/nhs';
import { call, client, type RequestBody } from '../../lib/api';
import { hasRole, useAuth } from '../../lib/auth';
import type { SpecialNote } from '../../lib/cases';
import { SpecialNotes } from './parts';

type NoteInput = RequestBody<'/api/special-notes'>;
type Category = NoteInput['category'];
const CATEGORIES: { value: Category; label: string }[] = [
  { value: 'end-of-life', label: 'End of life' },
  { value: 'long-term-condition', label: 'Long-term condition' },
  { value: 'safeguarding', label: 'Safeguarding' },
  { value: 'reasonable-adjustments', label: 'Reasonable adjustments' },
];
const categoryOf = (value: string): Category | undefined => CATEGORIES.find((c) => c.value === value)?.value;

/** A year from today: the usual review date of a new note. */
function inAYear(): string {
  const d = new Date();
  d.setFullYear(d.getFullYear() + 1);
  return d.toISOString().slice(0, 10);
}

export function SpecialNotesPanel({ nhsNumber, notes, onChange, open }: { nhsNumber: string | null; notes: SpecialNote[]; onChange: () => void; open: boolean }) {
  const { actor } = useAuth();
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  // Who writes notes: clinicians and provider staff (hasRole counts administrators too).
  const mayWrite = hasRole(actor, 'clinician', 'provider_staff') && open && Boolean(nhsNumber);
  const ownOrganisation = (n: SpecialNote) => hasRole(actor, 'admin') || (Boolean(actor?.organisationId) && n.organisationId === actor?.organisationId);
  const run = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      setEditing(null);
      onChange();
    } catch (e) {
      setError(e);
    }
  };
  const editable = mayWrite ? notes.filter(ownOrganisation) : [];
  return (
    <>
      <ErrorSummary error={error} />
      <SpecialNotes notes={notes} />
      {editable.map((n) =>
        editing === n.id ? (
          <NoteForm
            key={n.id}
            heading={`Change “${n.title}”`}
            initial={n}
            submitLabel="Save changes"
            onSubmit={(body) => run(() => call(client.PATCH('/api/special-notes/{id}', { params: { path: { id: n.id } }, body })))}
            onCancel={() => setEditing(null)}
          />
        ) : (
          <p className="nhsuk-body-s sp-actions" key={n.id}>
            <button type="button" className="sp-link-button" onClick={() => setEditing(n.id)}>
              Change the note “{n.title}”
            </button>
            <button type="button" className="sp-link-button" onClick={() => run(() => call(client.DELETE('/api/special-notes/{id}', { params: { path: { id: n.id } } })))}>
              Withdraw it
            </button>
          </p>
        ),
      )}
      {mayWrite && nhsNumber && (
        <Details summary="Write a special patient note">
          <NoteForm
            heading="New special patient note"
            initial={{ category: 'end-of-life', title: '', text: '', reviewDate: inAYear() }}
            submitLabel="Save the note"
            onSubmit={(body) => run(() => call(client.POST('/api/special-notes', { body: { nhsNumber, category: body.category ?? 'end-of-life', title: body.title ?? '', text: body.text ?? '', reviewDate: body.reviewDate ?? inAYear() } })))}
          />
        </Details>
      )}
    </>
  );
}

function NoteForm({ heading, initial, submitLabel, onSubmit, onCancel }: {
  heading: string;
  initial: Pick<SpecialNote, 'category' | 'title' | 'text' | 'reviewDate'>;
  submitLabel: string;
  onSubmit: (body: Partial<Omit<NoteInput, 'nhsNumber'>>) => void;
  onCancel?: () => void;
}) {
  const [category, setCategory] = useState<string>(initial.category);
  const [title, setTitle] = useState(initial.title);
  const [text, setText] = useState(initial.text);
  const [reviewDate, setReviewDate] = useState(initial.reviewDate);
  return (
    <div className="nhsuk-u-margin-bottom-4" data-testid="special-note-form">
      <h3 className="nhsuk-heading-s">{heading}</h3>
      <Select label="Kind of note" value={category} onValue={setCategory} options={CATEGORIES} />
      <TextInput label="Title" value={title} onValue={setTitle} />
      <Textarea label="The note" value={text} onValue={setText} rows={4} />
      <TextInput label="Review by" type="date" value={reviewDate} onValue={setReviewDate} width={10} />
      <div className="sp-actions">
        <Button small variant="secondary" onClick={() => onSubmit({ category: categoryOf(category), title: title.trim(), text: text.trim(), reviewDate })}>
          {submitLabel}
        </Button>
        {onCancel && (
          <button type="button" className="sp-link-button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </div>
  );
}
