import { useState, type FormEvent } from 'react';
import { StaffLayout } from '../components/Layout';
import { Button, ErrorSummary, TextInput } from '../components/nhs';
import { ApiError } from '../lib/api';
import { useAuth } from '../lib/auth';
import { Link, navigate, useSearchParams } from '../lib/router';

export function SignIn() {
  const { signIn } = useAuth();
  const params = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<{ username?: string; password?: string }>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const errors: typeof fieldErrors = {};
    if (!username.trim()) errors.username = 'Enter your username';
    if (!password) errors.password = 'Enter your password';
    setFieldErrors(errors);
    if (errors.username || errors.password) {
      setError(new ApiError(400, 'invalid', 'Enter your username and password', Object.entries(errors).map(([path, message]) => ({ path, message: message! }))));
      return;
    }
    setBusy(true);
    try {
      await signIn(username.trim(), password);
      const next = params.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/', { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <StaffLayout wide={false}>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-one-half">
          <ErrorSummary error={error} fieldIds={{ username: 'username', password: 'password' }} />
          <h1 className="nhsuk-heading-l" tabIndex={-1}>
            Sign in to Signpost
          </h1>
          <form onSubmit={submit} noValidate>
            <TextInput id="username" label="Username" autoComplete="username" value={username} onValue={setUsername} error={fieldErrors.username} spellCheck={false} autoCapitalize="none" />
            <TextInput id="password" label="Password" type="password" autoComplete="current-password" value={password} onValue={setPassword} error={fieldErrors.password} />
            <Button type="submit" disabled={busy}>
              {busy ? 'Signing in…' : 'Sign in'}
            </Button>
          </form>
          <p className="nhsuk-body">
            A patient? <Link to="/online">Get help with your symptoms online</Link> — no sign-in needed.
          </p>
        </div>
      </div>
    </StaffLayout>
  );
}
