'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { TaskList, useTaskList } from '@/hooks/use-task-list';
import { useDraft } from '@/hooks/use-draft';
import { useReconnect } from '@/hooks/use-reconnect';
import { api, ApiError, Conversation, Message, Task, TaskCounts } from '@/lib/api-client';
import { formatPlace, parsePlace, View } from '@/lib/place';
import { Composer } from './Composer';
import { ConversationList } from './ConversationList';
import { MessageList } from './MessageList';
import { OutageBanner } from './OutageBanner';
import { TaskPanel } from './TaskPanel';
import { TokenDialog } from './TokenDialog';

/** On a phone one pane is shown at a time; on wider screens all three are, and the switch is hidden. */
const VIEWS: { view: View; label: string }[] = [
  { view: 'chat', label: 'Chat' },
  { view: 'tasks', label: 'Tasks' },
  { view: 'conversations', label: 'Conversations' },
];

const SESSION_ENDED = 'Your session has expired. Please sign in again.';

/** Said next to a task whose click did not take effect. */
function taskNote(task: Task, e: unknown): string {
  const what = task.completed ? 'Not reopened' : 'Not completed';
  if (e instanceof ApiError && e.isOutage)
    return `${what}: the service could not be reached. Click again to retry.`;
  return `${what}: ${e instanceof Error ? e.message : 'something went wrong.'}`;
}

/** Adds or removes one entry, as a new Set or Map (React state is never changed in place). */
const withItem = (set: ReadonlySet<number>, id: number, present: boolean) => {
  const next = new Set(set);
  if (present) next.add(id);
  else next.delete(id);
  return next;
};
const withNote = (notes: ReadonlyMap<number, string>, id: number, note?: string) => {
  const next = new Map(notes);
  if (note) next.set(id, note);
  else next.delete(id);
  return next;
};

export function ChatApp({ userId, onSignedOut }: { userId: string; onSignedOut: (reason?: string) => void }) {
  const [conversations, setConversations] = useState<Conversation[]>([]);
  const [conversationsLoaded, setConversationsLoaded] = useState(false);
  // The place in the address: the chat mounts in the browser only (after the session check).
  const [initialPlace] = useState(() => parsePlace(window.location.search));
  const [conversationId, setConversationId] = useState<number>();
  // True once the conversation is chosen (from the address, or the most recent): until then the
  // address keeps the conversation it named, while the first load is on its way.
  const [placed, setPlaced] = useState(initialPlace.conversation === 'new');
  const [messages, setMessages] = useState<Message[]>([]);
  const [draft, setDraft, clearDraft] = useDraft(userId);
  const [sending, setSending] = useState(false);
  const [busyTasks, setBusyTasks] = useState<ReadonlySet<number>>(new Set());
  const [taskNotes, setTaskNotes] = useState<ReadonlyMap<number, string>>(new Map());
  const [counts, setCounts] = useState<TaskCounts>();
  const [error, setError] = useState<string>();
  const [outage, setOutage] = useState(false);
  const [view, setView] = useState<View>(initialPlace.view);
  const [tokensOpen, setTokensOpen] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const pending = useTaskList(userId, 'pending');
  const completed = useTaskList(userId, 'completed');
  // Read by the reconnect attempt, which must not restart whenever the open conversation changes.
  // null: a new conversation (nothing to load); undefined: not chosen yet.
  const openId = useRef<number | null | undefined>(
    initialPlace.conversation === 'new' ? null : initialPlace.conversation,
  );

  // The address follows what is shown; replaceState, so switching does not pile up history entries.
  useEffect(() => {
    // With no conversations at all, "new" and "the most recent" are the same blank chat.
    const conversation = placed
      ? (conversationId ?? (conversations.length > 0 ? 'new' : undefined))
      : initialPlace.conversation;
    const search = formatPlace({ conversation, view });
    if (search !== window.location.search)
      window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}`);
  }, [placed, initialPlace, conversationId, conversations.length, view]);

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
    () => Promise.all([reloadPending(), reloadCompleted(), api.counts(userId).then(setCounts)]),
    [reloadPending, reloadCompleted, userId],
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

  /**
   * Everything the page shows; the conversation is the one open (or named in the address), else the
   * most recent. One that no longer exists falls back to the most recent.
   */
  const loadAll = useCallback(
    () =>
      Promise.all([refreshConversations(), refreshTasks()]).then(([list]) => {
        setOutage(false);
        setPlaced(true);
        const wanted = openId.current;
        if (wanted === null) return undefined;
        const id = list.some((c) => c.id === wanted) ? wanted : list[0]?.id;
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

  /**
   * Completes a pending task or reopens a completed one. A click that does not take effect says so
   * next to the task (and an outage also shows the banner); nothing is applied behind the user's back.
   */
  async function toggleTask(task: Task) {
    setBusyTasks((s) => withItem(s, task.id, true));
    setTaskNotes((n) => withNote(n, task.id));
    try {
      await (task.completed ? api.reopen : api.complete)(userId, task.id);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) onSignedOut(SESSION_ENDED);
      else {
        if (e instanceof ApiError && e.isOutage) setOutage(true);
        setTaskNotes((n) => withNote(n, task.id, taskNote(task, e)));
      }
      setBusyTasks((s) => withItem(s, task.id, false));
      return;
    }
    try {
      await refreshTasks();
    } catch (e) {
      fail(e);
    } finally {
      setBusyTasks((s) => withItem(s, task.id, false));
    }
  }

  function loadMore(list: TaskList) {
    list.loadMore().catch(fail);
  }

  function newConversation() {
    openId.current = null;
    setConversationId(undefined);
    setMessages([]);
    setError(undefined);
    setView('chat');
    input.current?.focus();
  }

  async function signOut() {
    // Signing out on purpose leaves nothing behind in this tab (an expired session keeps the draft).
    clearDraft();
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
        counts={counts}
        unavailable={outage}
        busy={busyTasks}
        notes={taskNotes}
        onToggle={(t) => void toggleTask(t)}
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
