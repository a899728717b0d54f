'use client';

import { Conversation } from '@/lib/api-client';

export function ConversationList({
  conversations,
  currentId,
  loaded,
  onOpen,
}: {
  conversations: Conversation[];
  currentId?: number;
  /** False until the list has been fetched once (an outage must not look like "none"). */
  loaded: boolean;
  onOpen: (id: number) => void;
}) {
  return (
    <nav className="conversations" id="pane-conversations" aria-label="Conversations">
      <h2>Conversations</h2>
      {!loaded ? (
        <p className="muted">Not loaded yet.</p>
      ) : conversations.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ul>
          {conversations.map((c) => (
            <li key={c.id}>
              <button
                className={c.id === currentId ? 'current' : ''}
                aria-current={c.id === currentId ? 'true' : undefined}
                title={c.title}
                onClick={() => onOpen(c.id)}
              >
                {c.title}
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
