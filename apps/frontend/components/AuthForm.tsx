'use client';

import { FormEvent, useState } from 'react';
import { api, ApiError, Field } from '@/lib/api-client';

/** Messages from the last attempt: under the field they concern, or for the whole form. */
type Errors = Partial<Record<Field | 'form', string>>;

function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="error field-error" role="alert">
      {message}
    </p>
  );
}

export function AuthForm({ onSignedIn, notice }: { onSignedIn: (userId: string) => void; notice?: string }) {
  const [mode, setMode] = useState<'login' | 'signup'>('login');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      const { user_id } =
        mode === 'login' ? await api.login(email, password) : await api.signup(email, password);
      onSignedIn(user_id);
    } catch (e) {
      if (e instanceof ApiError) setErrors({ [e.field ?? 'form']: e.message });
      else setErrors({ form: 'Something went wrong.' });
    } finally {
      setBusy(false);
    }
  }

  /** Editing answers the last attempt's complaint: its messages no longer describe what is typed. */
  function edit(field: Field, value: string) {
    (field === 'email' ? setEmail : setPassword)(value);
    setErrors({});
  }

  const describedBy = (field: Field, hint?: string) =>
    [errors[field] && `${field}-error`, hint].filter(Boolean).join(' ') || undefined;

  return (
    <main className="center">
      <form className="card auth" onSubmit={submit} aria-labelledby="auth-title">
        <h1 id="auth-title">Todo AI Chatbot</h1>
        <p className="muted">
          {mode === 'login'
            ? 'Sign in to manage your tasks by chatting.'
            : 'Create an account to get started.'}
        </p>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <label htmlFor="email">Email</label>
        <input
          id="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          aria-invalid={errors.email ? true : undefined}
          aria-describedby={describedBy('email')}
          onChange={(e) => edit('email', e.target.value)}
          autoFocus
        />
        <FieldError id="email-error" message={errors.email} />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          type="password"
          autoComplete={mode === 'login' ? 'current-password' : 'new-password'}
          required
          minLength={mode === 'signup' ? 8 : 1}
          value={password}
          aria-invalid={errors.password ? true : undefined}
          aria-describedby={describedBy('password', mode === 'signup' ? 'password-hint' : undefined)}
          onChange={(e) => edit('password', e.target.value)}
        />
        <FieldError id="password-error" message={errors.password} />
        {mode === 'signup' && (
          <p id="password-hint" className="hint">
            At least 8 characters.
          </p>
        )}
        {errors.form && (
          <p className="error" role="alert">
            {errors.form}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Please wait…' : mode === 'login' ? 'Sign in' : 'Sign up'}
        </button>
        <button
          type="button"
          className="link"
          onClick={() => {
            setMode(mode === 'login' ? 'signup' : 'login');
            setErrors({});
          }}
        >
          {mode === 'login' ? 'New here? Create an account' : 'Have an account? Sign in'}
        </button>
      </form>
    </main>
  );
}
