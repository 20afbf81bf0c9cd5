// Rejecting a referral with a national reason code (21–99), words where needed, and optionally a flag
// that the referral was inappropriate (counted by the feedback loop). Nothing is chosen for the user.
import { useState } from 'react';
import { Button, Checkboxes, Select, Textarea } from '../../components/nhs';
import type { RequestBody } from '../../lib/api';
import { chosenCode, INAPPROPRIATE_CHOICES, inappropriateCode, REJECTION_CHOICES } from '../../lib/referrals';

export type RejectBody = RequestBody<'/api/referrals/{id}/reject'>;

const NONE = { value: '', label: 'Choose a reason' };

export function RejectForm({ onReject, onCancel, serviceName }: { onReject: (body: RejectBody) => void; onCancel?: () => void; serviceName: string }) {
  const [code, setCode] = useState('');
  const [reason, setReason] = useState('');
  const [flag, setFlag] = useState<string[]>([]);
  const [flagCode, setFlagCode] = useState('');
  const [flagNote, setFlagNote] = useState('');
  const [problem, setProblem] = useState<Record<string, string>>({});
  const flagged = flag.includes('inappropriate');

  const submit = () => {
    const reasonCode = chosenCode(code);
    const inappropriate = inappropriateCode(flagCode);
    const problems: Record<string, string> = {};
    if (!reasonCode) problems.code = 'Choose why you cannot take this patient';
    if (reasonCode === '99' && !reason.trim()) problems.reason = 'Say why (reason 99, other)';
    if (flagged && !inappropriate) problems.flag = 'Choose why the referral was inappropriate';
    if (flagged && inappropriate === '99' && !flagNote.trim()) problems.flagNote = 'Say why (reason 99, other)';
    setProblem(problems);
    if (!reasonCode || Object.keys(problems).length) return;
    onReject({
      reasonCode,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      ...(flagged && inappropriate ? { inappropriate: { code: inappropriate, ...(flagNote.trim() ? { note: flagNote.trim() } : {}) } } : {}),
    });
  };

  return (
    <div className="sp-reject" data-testid="reject-form">
      <Select label={`Why can ${serviceName} not take this patient?`} value={code} onValue={setCode} options={[NONE, ...REJECTION_CHOICES]} error={problem.code} />
      <Textarea label={code === '99' ? 'Say why' : 'Anything to add (optional)'} value={reason} onValue={setReason} rows={2} error={problem.reason} />
      <Checkboxes
        legend="Was the referral inappropriate?"
        legendSize="s"
        name="inappropriate"
        small
        values={flag}
        onValues={setFlag}
        choices={[{ value: 'inappropriate', label: 'Flag this referral as inappropriate (it is counted to improve the directory and triage)' }]}
      />
      {flagged && (
        <>
          <Select label="Why was it inappropriate?" value={flagCode} onValue={setFlagCode} options={[NONE, ...INAPPROPRIATE_CHOICES]} error={problem.flag} />
          <Textarea label={flagCode === '99' ? 'Say why it was inappropriate' : 'Note for the feedback (optional)'} value={flagNote} onValue={setFlagNote} rows={2} error={problem.flagNote} />
        </>
      )}
      <div className="sp-actions">
        <Button small variant="warning" onClick={submit}>
          Reject referral
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
