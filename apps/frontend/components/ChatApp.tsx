'use client';

import { KeyboardEvent, useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, Conversation, Message, Task } from '@/lib/api-client';
import { MessageList } from './MessageList';
import { TaskPanel } from './TaskPanel';

export function ChatApp({ userId, onSignedOut }: { userId: string; onSignedOut: (reason?: string) => void }) {
  const [conversations, setConversations] = useState<Conversation[]>([]);
  const [conversationId, setConversationId] = useState<number>();
  const [messages, setMessages] = useState<Message[]>([]);
  const [tasks, setTasks] = useState<Task[]>([]);
  const [draft, setDraft] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const input = useRef<HTMLTextAreaElement>(null);

  /** 401 means the session ended; anything else is shown where it happened. */
  const fail = useCallback(
    (e: unknown) => {
      if (e instanceof ApiError && e.status === 401) {
        onSignedOut('Your session has expired. Please sign in again.');
        return;
      }
      setError(e instanceof ApiError ? e.message : 'Something went wrong.');
    },
    [onSignedOut],
  );

  const refreshTasks = useCallback(() => api.tasks(userId).then(setTasks, fail), [userId, fail]);
  const refreshConversations = useCallback(
    () =>
      api.conversations(userId).then((list) => {
        setConversations(list);
        return list;
      }),
    [userId],
  );

  const open = useCallback(
    async (id: number) => {
      setConversationId(id);
      setError(undefined);
      try {
        setMessages(await api.messages(userId, id));
      } catch (e) {
        fail(e);
      }
    },
    [userId, fail],
  );

  // On load: tasks, and the most recent conversation, so a reload continues where it was.
  useEffect(() => {
    refreshTasks();
    refreshConversations().then((list) => {
      if (list[0]) void open(list[0].id);
    }, fail);
  }, [refreshTasks, refreshConversations, open, fail]);

  async function send() {
    const text = draft.trim();
    if (!text || sending) return;
    setDraft('');
    setError(undefined);
    setSending(true);
    setMessages((m) => [...m, { role: 'user', content: text, tool_calls: [] }]);
    try {
      const reply = await api.chat(userId, text, conversationId);
      setMessages((m) => [
        ...m,
        { role: 'assistant', content: reply.response, tool_calls: reply.tool_calls },
      ]);
      if (reply.conversation_id !== conversationId) {
        setConversationId(reply.conversation_id);
      }
      void refreshConversations();
      void refreshTasks();
    } catch (e) {
      setMessages((m) => m.slice(0, -1));
      setDraft(text);
      fail(e);
    } finally {
      setSending(false);
      input.current?.focus();
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void send();
    }
  }

  async function completeTask(task: Task) {
    try {
      await api.complete(userId, task.id);
      await refreshTasks();
    } catch (e) {
      fail(e);
    }
  }

  function newConversation() {
    setConversationId(undefined);
    setMessages([]);
    setError(undefined);
    input.current?.focus();
  }

  return (
    <div className="app">
      <header>
        <h1>Todo AI Chatbot</h1>
        <div className="actions">
          <button onClick={newConversation}>New conversation</button>
          <button className="secondary" onClick={() => api.logout().finally(() => onSignedOut())}>
            Sign out
          </button>
        </div>
      </header>
      <nav className="conversations" aria-label="Conversations">
        <h2>Conversations</h2>
        {conversations.length === 0 ? (
          <p className="muted">None yet.</p>
        ) : (
          <ul>
            {conversations.map((c) => (
              <li key={c.id}>
                <button
                  className={c.id === conversationId ? 'current' : ''}
                  aria-current={c.id === conversationId ? 'true' : undefined}
                  onClick={() => open(c.id)}
                >
                  {c.title}
                </button>
              </li>
            ))}
          </ul>
        )}
      </nav>
      <main className="chat">
        <MessageList messages={messages} pending={sending} />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <form
          className="composer"
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <label htmlFor="message" className="sr-only">
            Message
          </label>
          <textarea
            id="message"
            ref={input}
            rows={2}
            maxLength={4000}
            placeholder="Type a message, e.g. “add a task to buy milk” — Enter to send"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={onKeyDown}
            autoFocus
          />
          <button type="submit" disabled={sending || !draft.trim()}>
            Send
          </button>
        </form>
      </main>
      <TaskPanel tasks={tasks} onComplete={completeTask} />
    </div>
  );
}
