'use client';

import { useEffect, useRef } from 'react';
import { Message } from '@/lib/api-client';
import { summarizeToolCall } from '@/lib/tool-summary';

const HINT = 'Try “add a task to buy milk”, “show me my pending tasks” or “mark task 1 as complete”.';

export function MessageList({
  messages,
  pending,
  unavailable,
}: {
  messages: Message[];
  pending: boolean;
  /** The history could not be loaded: say so instead of looking like an empty history. */
  unavailable: boolean;
}) {
  const log = useRef<HTMLDivElement>(null);
  // Scroll the log itself (never the page), so the message box stays where it is.
  useEffect(() => {
    const el = log.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages, pending]);
  return (
    <div ref={log} className="messages" role="log" aria-live="polite" aria-label="Conversation">
      {messages.length === 0 && (
        <p className="muted empty">
          {unavailable ? 'Your conversations will be back as soon as the service is.' : HINT}
        </p>
      )}
      {messages.map((m, i) => (
        <div key={m.id ?? `local-${i}`} className={`message ${m.role}`} data-role={m.role}>
          <span className="sr-only">{m.role === 'user' ? 'You said:' : 'Assistant:'}</span>
          <div className="bubble">{m.content}</div>
          {m.tool_calls.length > 0 && (
            <ul className="chips" aria-label="What the assistant did">
              {m.tool_calls.map((c, j) => {
                const summary = summarizeToolCall(c);
                return (
                  <li key={j} className="chip" title={summary}>
                    {summary}
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      ))}
      {pending && (
        <div className="message thinking">
          <div className="bubble typing">Thinking…</div>
        </div>
      )}
    </div>
  );
}
