'use client';

import { KeyboardEvent, RefObject } from 'react';
import { lengthCounter, MESSAGE_MAX, messageLength, messageTooLong } from '@/lib/message-limit';

/** Counter appears once a draft comes this close to the limit. */
const COUNTER_FROM = MESSAGE_MAX - 500;

/**
 * The message box. Nothing is ever cut: a draft over the backend's limit stays
 * as typed or pasted, with a message saying by how much it is too long.
 */
export function Composer({
  draft,
  onDraft,
  onSend,
  sending,
  input,
}: {
  draft: string;
  onDraft: (text: string) => void;
  onSend: () => void;
  sending: boolean;
  input: RefObject<HTMLTextAreaElement | null>;
}) {
  const tooLong = messageTooLong(draft);
  const canSend = !sending && !tooLong && draft.trim() !== '';

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      if (canSend) onSend();
    }
  }

  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        if (canSend) onSend();
      }}
    >
      <div className="composer-row">
        <label htmlFor="message" className="sr-only">
          Message
        </label>
        <textarea
          id="message"
          ref={input}
          rows={2}
          placeholder="Message, e.g. “add a task to buy milk”"
          aria-describedby="message-help"
          aria-invalid={tooLong ? true : undefined}
          value={draft}
          onChange={(e) => onDraft(e.target.value)}
          onKeyDown={onKeyDown}
          autoFocus
        />
        <button type="submit" disabled={!canSend}>
          Send
        </button>
      </div>
      <div id="message-help" className="composer-help" aria-live="polite">
        {tooLong ? (
          <span className="error" role="alert">
            {tooLong}
          </span>
        ) : (
          <span className="muted">Enter to send, Shift+Enter for a new line.</span>
        )}
        {messageLength(draft) >= COUNTER_FROM && (
          <span className={tooLong ? 'counter error' : 'counter muted'}>{lengthCounter(draft)}</span>
        )}
      </div>
    </form>
  );
}
