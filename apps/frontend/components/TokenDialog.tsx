'use client';

import { FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { AccessToken, api, ApiError } from '@/lib/api-client';

const NAME_MAX = 100;
const when = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });
const date = (iso: string) => when.format(new Date(iso));

/** Copies text, falling back to a selection copy where the Clipboard API is missing (plain-http origins). */
async function copy(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    field?.select();
    return document.execCommand?.('copy') ?? false;
  }
}

/**
 * Personal access tokens for MCP clients: create one (its secret is shown once),
 * see them with when they were last used, revoke them.
 */
export function TokenDialog({
  userId,
  onClose,
  onSessionEnded,
}: {
  userId: string;
  onClose: () => void;
  onSessionEnded: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const secretField = useRef<HTMLInputElement>(null);
  const [tokens, setTokens] = useState<AccessToken[]>();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ name: string; token: string }>();
  const [copied, setCopied] = useState<boolean>();
  const [confirming, setConfirming] = useState<number>();
  const [busy, setBusy] = useState(false);
  // Asked before the dialog closes while a new token is shown and was not copied with the button.
  const [confirmingClose, setConfirmingClose] = useState(false);
  const keepOpen = useRef<HTMLButtonElement>(null);
  const secretAtRisk = created !== undefined && copied !== true;
  const [error, setError] = useState<string>();
  const nameLength = Array.from(name.trim()).length;
  const nameTooLong = nameLength > NAME_MAX;

  const fail = useCallback(
    (e: unknown) => {
      if (e instanceof ApiError && e.status === 401) onSessionEnded();
      else setError(e instanceof Error ? e.message : 'Something went wrong.');
    },
    [onSessionEnded],
  );

  const refresh = useCallback(() => api.tokens(userId).then(setTokens, fail), [userId, fail]);

  useEffect(() => {
    dialog.current?.showModal();
    void refresh();
  }, [refresh]);

  useEffect(() => {
    if (confirmingClose) keepOpen.current?.focus();
  }, [confirmingClose]);

  /** Close, or first ask when the token shown now would be lost. */
  function requestClose() {
    if (secretAtRisk) setConfirmingClose(true);
    else dialog.current?.close();
  }

  async function create(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const token = await api.createToken(userId, name.trim());
      setCreated({ name: token.name, token: token.token });
      setCopied(undefined);
      setConfirmingClose(false);
      setName('');
      await refresh();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(token: AccessToken) {
    setBusy(true);
    setError(undefined);
    try {
      await api.revokeToken(userId, token.id);
      setConfirming(undefined);
      await refresh();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog
      ref={dialog}
      className="card tokens-dialog"
      aria-labelledby="tokens-title"
      onClose={onClose}
      onCancel={(e) => {
        // Escape: the same question as the Close button.
        if (!secretAtRisk || confirmingClose) return;
        e.preventDefault();
        setConfirmingClose(true);
      }}
    >
      <h2 id="tokens-title">Access tokens</h2>
      <p className="muted">
        An access token lets an MCP client (a desktop assistant, an editor, a script) manage your tasks at{' '}
        <code>/mcp</code> on this site. Treat it like a password; revoke it when the client no longer needs
        it.
      </p>
      <form className="token-form" onSubmit={create}>
        <label htmlFor="token-name">Token name</label>
        <div className="token-form-row">
          <input
            id="token-name"
            required
            placeholder="e.g. Laptop assistant"
            aria-invalid={nameTooLong ? true : undefined}
            aria-describedby={nameTooLong ? 'token-name-error' : undefined}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit" disabled={busy || name.trim() === '' || nameTooLong}>
            Create token
          </button>
        </div>
        {nameTooLong && (
          <p id="token-name-error" className="error field-error">
            A name has at most {NAME_MAX} characters; this one has {nameLength}.
          </p>
        )}
      </form>
      {created && (
        <div className="token-created" role="status">
          <p>
            <strong>Copy the token for “{created.name}” now.</strong> It is shown only this once.
          </p>
          <div className="token-form-row">
            <input
              ref={secretField}
              className="token-secret"
              readOnly
              aria-label="New token"
              value={created.token}
              onFocus={(e) => e.target.select()}
            />
            <button
              type="button"
              onClick={async () => setCopied(await copy(created.token, secretField.current))}
            >
              Copy
            </button>
          </div>
          {copied !== undefined && (
            <p className={copied ? 'muted' : 'error'}>
              {copied ? 'Copied to the clipboard.' : 'Could not copy: select the token and copy it by hand.'}
            </p>
          )}
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <h3>Your tokens</h3>
      {tokens === undefined ? (
        <p className="muted">{error ? 'Not loaded.' : 'Loading…'}</p>
      ) : tokens.length === 0 ? (
        <p className="muted">No tokens yet.</p>
      ) : (
        <ul className="token-list" aria-label="Your tokens">
          {tokens.map((t) => (
            <li key={t.id}>
              <div className="token-info">
                <strong className="token-name">{t.name}</strong>
                <span className="muted">
                  Created {date(t.created_at)} ·{' '}
                  {t.last_used_at ? `last used ${date(t.last_used_at)}` : 'never used'}
                </span>
              </div>
              {confirming === t.id ? (
                <div className="token-confirm">
                  <span>Clients using it stop working at once.</span>
                  <button type="button" className="danger" disabled={busy} onClick={() => void revoke(t)}>
                    Revoke “{t.name}”
                  </button>
                  <button type="button" className="secondary" onClick={() => setConfirming(undefined)}>
                    Keep
                  </button>
                </div>
              ) : (
                <button
                  type="button"
                  className="secondary"
                  aria-label={`Revoke ${t.name}`}
                  onClick={() => setConfirming(t.id)}
                >
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {confirmingClose && secretAtRisk ? (
        <div className="dialog-actions token-close-confirm" role="alert">
          <p>
            The token for “{created.name}” has not been copied, and it cannot be shown again. Close anyway?
          </p>
          <button
            ref={keepOpen}
            type="button"
            className="secondary"
            onClick={() => setConfirmingClose(false)}
          >
            Keep it open
          </button>
          <button type="button" className="danger" onClick={() => dialog.current?.close()}>
            Close without the token
          </button>
        </div>
      ) : (
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={requestClose}>
            Close
          </button>
        </div>
      )}
    </dialog>
  );
}
