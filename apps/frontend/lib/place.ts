/**
 * Where the user is in the app, kept in the address (`?conversation=12&view=tasks`), so a reload
 * (or a shared link in the same browser) opens the same conversation and, on a phone, the same pane.
 */
export type View = 'chat' | 'tasks' | 'conversations';
export const VIEW_NAMES: readonly View[] = ['chat', 'tasks', 'conversations'];

export interface Place {
  /** A conversation's id, 'new' for a conversation not started yet, undefined for "the most recent". */
  conversation?: number | 'new';
  view: View;
}

export function parsePlace(search: string): Place {
  const params = new URLSearchParams(search);
  const raw = params.get('conversation');
  const id = Number(raw);
  const conversation = raw === 'new' ? 'new' : Number.isSafeInteger(id) && id > 0 ? id : undefined;
  const view = VIEW_NAMES.find((v) => v === params.get('view')) ?? 'chat';
  return { conversation, view };
}

/** The query string for a place ('' for the default: the most recent conversation, the chat pane). */
export function formatPlace({ conversation, view }: Place): string {
  const params = new URLSearchParams();
  if (conversation !== undefined) params.set('conversation', String(conversation));
  if (view !== 'chat') params.set('view', view);
  const query = params.toString();
  return query ? `?${query}` : '';
}
