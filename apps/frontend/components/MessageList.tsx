'use client';

import { useEffect, useRef } from 'react';
import { Message, ToolCall } from '@/lib/api-client';

function chipLabel(call: ToolCall): string {
  const result = call.result as { error?: string; task_id?: number } | unknown[] | undefined;
  if (result && !Array.isArray(result) && 'error' in result && result.error) return `${call.name}: failed`;
  if (Array.isArray(result)) return `${call.name}: ${result.length} task(s)`;
  return result && 'task_id' in result ? `${call.name} #${result.task_id}` : call.name;
}

export function MessageList({ messages, pending }: { messages: Message[]; pending: boolean }) {
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'end' });
  }, [messages, pending]);
  return (
    <div className="messages" role="log" aria-live="polite" aria-label="Conversation">
      {messages.length === 0 && (
        <p className="muted empty">
          Try “add a task to buy milk”, “show me my pending tasks” or “mark task 1 as complete”.
        </p>
      )}
      {messages.map((m, i) => (
        <div key={m.id ?? `local-${i}`} className={`message ${m.role}`} data-role={m.role}>
          <span className="sr-only">{m.role === 'user' ? 'You said:' : 'Assistant:'}</span>
          <div className="bubble">{m.content}</div>
          {m.tool_calls.length > 0 && (
            <div className="chips">
              {m.tool_calls.map((c, j) => (
                <span key={j} className="chip" title={JSON.stringify(c.arguments)}>
                  {chipLabel(c)}
                </span>
              ))}
            </div>
          )}
        </div>
      ))}
      {pending && (
        <div className="message thinking">
          <div className="bubble typing">Thinking…</div>
        </div>
      )}
      <div ref={end} />
    </div>
  );
}
