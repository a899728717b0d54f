'use client';

import { useCallback, useEffect, useState } from 'react';
import { AuthForm } from '@/components/AuthForm';
import { ChatApp } from '@/components/ChatApp';
import { api } from '@/lib/api-client';

/** Signed in: the chat. Otherwise: sign in / sign up. The shell renders at once, so `GET /` is fast for probes. */
export default function Home() {
  const [userId, setUserId] = useState<string | null | undefined>(undefined);
  const [notice, setNotice] = useState<string>();

  // Stable, so the chat's loading effect does not restart on every render here.
  const signedOut = useCallback((reason?: string) => {
    setNotice(reason);
    setUserId(null);
  }, []);

  useEffect(() => {
    api.session().then(
      (s) => setUserId(s.user_id),
      () => setUserId(null),
    );
  }, []);

  if (userId === undefined)
    return (
      <main className="center" aria-busy="true">
        Loading…
      </main>
    );
  if (userId === null)
    return (
      <AuthForm
        notice={notice}
        onSignedIn={(id) => {
          setNotice(undefined);
          setUserId(id);
        }}
      />
    );
  return <ChatApp userId={userId} onSignedOut={signedOut} />;
}
