'use client';

/** Shown while the backend cannot be reached: nothing is lost, and it comes back by itself. */
export function OutageBanner({ checking, onRetry }: { checking: boolean; onRetry: () => void }) {
  return (
    <div className="outage" role="alert">
      <p>
        <strong>The service is unavailable right now.</strong> Your tasks and conversations are safe; this
        page reconnects by itself as soon as the service is back.
      </p>
      <button type="button" className="secondary" onClick={onRetry} disabled={checking}>
        {checking ? 'Checking…' : 'Retry now'}
      </button>
    </div>
  );
}
