import { useState, type FormEvent } from 'react';
import { Button, ErrorSummary, InsetText, LiveMessage, TextInput } from '../../components/nhs';
import { ApiError } from '../../lib/api';
import { changeMyPassword, endMyOtherSessions, newPasswordProblems } from '../../lib/accounts';
import { useAuth } from '../../lib/auth';
import { plural } from '../../lib/format';

const FIELD_IDS = { 'body.currentPassword': 'current-password', 'body.newPassword': 'new-password', confirm: 'confirm-password' };

/** Every signed-in person: change my password (ends my other sessions), or sign out everywhere else. */
export function ChangePassword() {
  const { actor } = useAuth();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [fieldErrors, setFieldErrors] = useState<ReturnType<typeof newPasswordProblems>>({});
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone('');
    const problems = newPasswordProblems(current, next, again);
    setFieldErrors(problems);
    const details = Object.entries(problems).map(([field, message]) => ({ path: field === 'confirm' ? field : `body.${field}`, message: message! }));
    if (details.length) {
      setError(new ApiError(400, 'invalid', 'Check your passwords', details));
      return;
    }
    setBusy(true);
    try {
      const { sessionsEnded } = await changeMyPassword(current, next);
      setError(null);
      setCurrent('');
      setNext('');
      setAgain('');
      setDone(`Your password is changed. ${sessionsEnded ? `${plural(sessionsEnded, 'other session')} ended.` : ''}`.trim());
    } catch (e) {
      setError(e);
      if (e instanceof ApiError) {
        const byField = Object.fromEntries(e.details.map((d) => [d.path.replace(/^body\./, ''), d.message]));
        setFieldErrors(byField);
      }
    } finally {
      setBusy(false);
    }
  }

  async function signOutElsewhere() {
    setBusy(true);
    setDone('');
    try {
      const { sessionsEnded } = await endMyOtherSessions();
      setError(null);
      setDone(sessionsEnded ? `${plural(sessionsEnded, 'other session')} ended.` : 'You were not signed in anywhere else.');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (actor?.kind !== 'user') return <p className="nhsuk-body">Only a signed-in person has a password.</p>;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary error={error} fieldIds={FIELD_IDS} />
        <h1 className="nhsuk-heading-l" tabIndex={-1}>Change my password</h1>
        <LiveMessage message={done} />
        {done && (
          <InsetText>
            <p className="nhsuk-body" data-testid="password-done">{done}</p>
          </InsetText>
        )}
        <p className="nhsuk-body">Changing your password signs you out everywhere except here.</p>
        <form onSubmit={submit} noValidate>
          <TextInput id="current-password" label="Current password" type="password" autoComplete="current-password" value={current} onValue={setCurrent} error={fieldErrors.currentPassword} />
          <TextInput
            id="new-password"
            label="New password"
            hint="At least 12 characters. A few unrelated words make a strong one."
            type="password"
            autoComplete="new-password"
            value={next}
            onValue={setNext}
            error={fieldErrors.newPassword}
          />
          <TextInput id="confirm-password" label="New password again" type="password" autoComplete="new-password" value={again} onValue={setAgain} error={fieldErrors.confirm} />
          <Button type="submit" disabled={busy}>
            Change password
          </Button>
        </form>
        <h2 className="nhsuk-heading-m">Signed in somewhere you should not be?</h2>
        <p className="nhsuk-body">End all your other sessions; this one stays.</p>
        <Button variant="secondary" disabled={busy} onClick={signOutElsewhere}>
          Sign out everywhere else
        </Button>
      </div>
    </div>
  );
}
