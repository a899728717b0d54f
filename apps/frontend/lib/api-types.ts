/**
 * The backend's request and response shapes, taken from its TypeBox schemas (apps/backend/src/schemas.ts)
 * rather than copied: a changed backend route fails this app's typecheck. Type-only, so nothing of the
 * backend reaches the bundle; the image build copies that one file for the typecheck (docker/frontend).
 */
export type {
  AccessToken,
  ChatReply,
  ConversationSummary,
  CreatedAccessToken,
  SessionReply,
  StoredMessage,
  Task,
  TaskCounts,
  TaskListQuery,
  TaskPage,
  TaskStatus,
  ToolCall,
} from '../../backend/src/schemas';
