/**
 * Every request and response shape of the HTTP API, once: Fastify validates and serializes with
 * these JSON Schemas, and the TypeBox type provider derives the handlers' TypeScript types from them.
 */
import { Static, Type } from 'typebox';

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 1000;
export const PAGE_LIMIT_DEFAULT = 50;
export const PAGE_LIMIT_MIN = 1;
export const PAGE_LIMIT_MAX = 200;
export const CURSOR_MAX = 100;
export const TASK_STATUSES = ['all', 'pending', 'completed'] as const;

/** The largest value of the database's INTEGER, the type of task and conversation ids. */
export const INT_MAX = 2147483647;
const Id = Type.Integer({ minimum: 1, maximum: INT_MAX });
const Timestamp = Type.String({ description: 'ISO 8601' });

/**
 * An address with a dot in its domain and a top-level domain of two or more characters: `a@b` and
 * `a@b.c` are refused (mail to them cannot be delivered on the internet).
 */
export const EMAIL_PATTERN = '^[^\\s@]+@(?:[^\\s@.]+\\.)+[^\\s@.]{2,}$';
export const PASSWORD_MIN = 8;
export const MESSAGE_MAX = 4000;
export const TOKEN_NAME_MAX = 100;

export const ErrorBody = Type.Object({
  error: Type.String(),
  message: Type.String(),
  field: Type.Optional(Type.String()),
});

// ---- auth

const Email = Type.String({ minLength: 3, maxLength: 254, pattern: EMAIL_PATTERN });
export const SignupBody = Type.Object(
  { email: Email, password: Type.String({ minLength: PASSWORD_MIN, maxLength: 256 }) },
  { additionalProperties: false },
);
/** Login checks the email's form but not the password rules (an older password that no longer meets them works). */
export const LoginBody = Type.Object(
  { email: Email, password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);
/** A new session: `expires_in` is the token's lifetime in seconds (as OAuth 2 names it), for the cookie holding it. */
export const SessionReply = Type.Object({
  user_id: Type.String(),
  token: Type.String(),
  expires_in: Type.Integer({ minimum: 1 }),
});

// ---- per-user routes

export const UserParams = Type.Object({ user_id: Type.String({ minLength: 1, maxLength: 64 }) });
export const TaskParams = Type.Object({ user_id: UserParams.properties.user_id, id: Id });

export const Task = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  completed: Type.Boolean(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export const TaskPage = Type.Object({
  tasks: Type.Array(Task),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});
/** How many tasks a user has of each status (the task panel's headings; the lists load in pages). */
export const TaskCounts = Type.Object({ pending: Type.Integer(), completed: Type.Integer() });
export const TaskListQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(TASK_STATUSES)),
    limit: Type.Optional(Type.Integer({ minimum: PAGE_LIMIT_MIN, maximum: PAGE_LIMIT_MAX })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: CURSOR_MAX })),
  },
  { additionalProperties: false },
);
const Title = Type.String({ minLength: 1, maxLength: TITLE_MAX, pattern: '\\S' });
const Description = Type.String({ maxLength: DESCRIPTION_MAX });
export const NewTask = Type.Object(
  { title: Title, description: Type.Optional(Description) },
  { additionalProperties: false },
);
export const TaskChanges = Type.Object(
  {
    title: Type.Optional(Title),
    description: Type.Optional(Description),
    completed: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ChatBody = Type.Object(
  {
    conversation_id: Type.Optional(Id),
    message: Type.String({ minLength: 1, maxLength: MESSAGE_MAX, pattern: '\\S' }),
  },
  { additionalProperties: false },
);
const ToolCall = Type.Object({
  name: Type.String(),
  arguments: Type.Record(Type.String(), Type.Unknown()),
  result: Type.Unknown(),
});
export const ChatReply = Type.Object({
  conversation_id: Type.Integer(),
  response: Type.String(),
  tool_calls: Type.Array(ToolCall),
});
export const ConversationParams = Type.Object({ user_id: UserParams.properties.user_id, id: Id });
export const ConversationList = Type.Array(
  Type.Object({ id: Type.Integer(), created_at: Timestamp, updated_at: Timestamp, title: Type.String() }),
);
export const MessageList = Type.Array(
  Type.Object({
    id: Type.Integer(),
    role: Type.Enum(['user', 'assistant']),
    content: Type.String(),
    tool_calls: Type.Array(ToolCall),
    created_at: Timestamp,
  }),
);

export const NewAccessToken = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: TOKEN_NAME_MAX, pattern: '\\S' }) },
  { additionalProperties: false },
);
export const AccessToken = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  created_at: Timestamp,
  last_used_at: Type.Union([Timestamp, Type.Null()]),
});
export const CreatedAccessToken = Type.Object({ ...AccessToken.properties, token: Type.String() });
export const AccessTokenParams = Type.Object({ user_id: UserParams.properties.user_id, id: Id });

export type SessionReply = Static<typeof SessionReply>;
export type Task = Static<typeof Task>;
export type TaskPage = Static<typeof TaskPage>;
export type TaskCounts = Static<typeof TaskCounts>;
export type TaskListQuery = Static<typeof TaskListQuery>;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export type ToolCall = Static<typeof ToolCall>;
export type ChatReply = Static<typeof ChatReply>;
export type StoredMessage = Static<typeof MessageList>[number];
export type ConversationSummary = Static<typeof ConversationList>[number];
export type AccessToken = Static<typeof AccessToken>;
export type CreatedAccessToken = Static<typeof CreatedAccessToken>;
