'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { TaskList, useTaskList } from '@/hooks/use-task-list';
import { useReconnect } from '@/hooks/use-reconnect';
import { api, ApiError, Conversation, Message, Task } from '@/lib/api-client';
import { Composer } from './Composer';
import { ConversationList } from './ConversationList';
import { MessageList } from './MessageList';
import { OutageBanner } from './OutageBanner';
import { TaskPanel } from './TaskPanel';
import { TokenDialog } from './TokenDialog';

/** On a phone one pane is shown at a time; on wider screens all three are, and the switch is hidden. */
type View = 'chat' | 'tasks' | 'conversations';
const VIEWS: { view: View; label: string }[] = [
  { view: 'chat', label: 'Chat' },
  { view: 'tasks', label: 'Tasks' },
  { view: 'conversations', label: 'Conversations' },
];

const SESSION_ENDED = 'Your session has expired. Please sign in again.';

export function ChatApp({ userId, onSignedOut }: { userId: string; onSignedOut: (reason?: string) => void }) {
  const [conversations, setConversations] = useState<Conversation[]>([]);
  const [conversationsLoaded, setConversationsLoaded] = useState(false);
  const [conversationId, setConversationId] = useState<number>();
  const [messages, setMessages] = useState<Message[]>([]);
  const [draft, setDraft] = useState('');
  const [sending, setSending] = useState(false);
  const [completing, setCompleting] = useState<ReadonlySet<number>>(new Set());
  const [error, setError] = useState<string>();
  const [outage, setOutage] = useState(false);
  const [view, setView] = useState<View>('chat');
  const [tokensOpen, setTokensOpen] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const pending = useTaskList(userId, 'pending');
  const completed = useTaskList(userId, 'completed');
  // Read by the reconnect attempt, which must not restart whenever the open conversation changes.
  const openId = useRef<number | undefined>(undefined);

  /** 401 ends the session, an outage shows the banner; anything else is shown where it happened. */
  const fail = useCallback(
    (e: unknown) => {
      if (e instanceof ApiError && e.status === 401) onSignedOut(SESSION_ENDED);
      else if (e instanceof ApiError && e.isOutage) setOutage(true);
      else setError(e instanceof Error ? e.message : 'Something went wrong.');
    },
    [onSignedOut],
  );

  const { reload: reloadPending } = pending;
  const { reload: reloadCompleted } = completed;
  const refreshTasks = useCallback(
    () => Promise.all([reloadPending(), reloadCompleted()]),
    [reloadPending, reloadCompleted],
  );

  // Written with then(), not await: state is set only once the answer is in.
  const refreshConversations = useCallback(
    () =>
      api.conversations(userId).then((list) => {
        setConversations(list);
        setConversationsLoaded(true);
        return list;
      }),
    [userId],
  );

  const showConversation = useCallback(
    async (id: number) => {
      openId.current = id;
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

  /** Everything the page shows; a reload continues the most recent conversation. */
  const loadAll = useCallback(
    () =>
      Promise.all([refreshConversations(), refreshTasks()]).then(([list]) => {
        setOutage(false);
        const id = openId.current ?? list[0]?.id;
        return id === undefined ? undefined : showConversation(id);
      }),
    [refreshConversations, refreshTasks, showConversation],
  );

  useEffect(() => {
    loadAll().catch(fail);
  }, [loadAll, fail]);

  const reconnect = useCallback(
    () =>
      loadAll().catch((e) => {
        if (e instanceof ApiError && e.status === 401) onSignedOut(SESSION_ENDED);
        throw e;
      }),
    [loadAll, onSignedOut],
  );
  const { checking, retry } = useReconnect(outage, reconnect);

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
      openId.current = reply.conversation_id;
      setConversationId(reply.conversation_id);
      // In the background: the next message can be typed and sent while the lists catch up.
      Promise.all([refreshConversations(), refreshTasks()]).catch(fail);
    } catch (e) {
      // Nothing typed is lost: the message comes back for another try, ahead of anything typed since.
      setMessages((m) => m.slice(0, -1));
      setDraft((typed) => (typed.trim() ? `${text}\n${typed}` : text));
      fail(e);
    } finally {
      setSending(false);
      input.current?.focus();
    }
  }

  async function completeTask(task: Task) {
    setCompleting((s) => new Set(s).add(task.id));
    try {
      await api.complete(userId, task.id);
      await refreshTasks();
    } catch (e) {
      fail(e);
    } finally {
      setCompleting((s) => {
        const next = new Set(s);
        next.delete(task.id);
        return next;
      });
    }
  }

  function loadMore(list: TaskList) {
    list.loadMore().catch(fail);
  }

  function newConversation() {
    openId.current = undefined;
    setConversationId(undefined);
    setMessages([]);
    setError(undefined);
    setView('chat');
    input.current?.focus();
  }

  async function signOut() {
    try {
      await api.logout();
      onSignedOut();
    } catch (e) {
      // The cookie is gone either way; say so when the server could not end the session itself.
      onSignedOut(
        e instanceof ApiError
          ? `You are signed out on this device, but the server could not be told: ${e.message}`
          : undefined,
      );
    }
  }

  return (
    <div className="app" data-view={view}>
      <header>
        <h1>Todo AI Chatbot</h1>
        <div className="actions">
          <button onClick={newConversation}>New conversation</button>
          <button className="secondary" onClick={() => setTokensOpen(true)}>
            Access tokens
          </button>
          <button className="secondary" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      {outage && <OutageBanner checking={checking} onRetry={retry} />}
      <div className="views" aria-label="Show">
        {VIEWS.map(({ view: v, label }) => (
          <button
            key={v}
            type="button"
            className="secondary"
            aria-pressed={view === v}
            aria-controls={`pane-${v}`}
            onClick={() => setView(v)}
          >
            {label}
          </button>
        ))}
      </div>
      <ConversationList
        conversations={conversations}
        currentId={conversationId}
        loaded={conversationsLoaded}
        onOpen={(id) => {
          setView('chat');
          void showConversation(id);
        }}
      />
      <main className="chat" id="pane-chat">
        <MessageList messages={messages} pending={sending} unavailable={outage && !conversationsLoaded} />
        {error && (
          <p className="error chat-error" role="alert">
            {error}
          </p>
        )}
        <Composer
          draft={draft}
          onDraft={setDraft}
          onSend={() => void send()}
          sending={sending}
          input={input}
        />
      </main>
      <TaskPanel
        pending={pending}
        completed={completed}
        unavailable={outage}
        completing={completing}
        onComplete={(t) => void completeTask(t)}
        onLoadMore={loadMore}
      />
      {tokensOpen && (
        <TokenDialog
          userId={userId}
          onClose={() => setTokensOpen(false)}
          onSessionEnded={() => onSignedOut(SESSION_ENDED)}
        />
      )}
    </div>
  );
}
