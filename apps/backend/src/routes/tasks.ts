import { FastifyInstance } from 'fastify';
import { notFound } from '../errors';
import { DESCRIPTION_MAX, TASK_STATUSES, TaskService, TaskStatus, TITLE_MAX } from '../tasks/task-service';
import { authorizeUser } from './auth-guard';

export const userParams = {
  type: 'object',
  required: ['user_id'],
  properties: { user_id: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

/** Path ids arrive as text; they must be positive integers that fit the database's INTEGER. */
export const idParam = { type: 'string', pattern: '^[1-9][0-9]{0,8}$|^[12][0-9]{9}$' } as const;

const taskParams = {
  type: 'object',
  required: ['user_id', 'id'],
  properties: { ...userParams.properties, id: idParam },
} as const;

const title = { type: 'string', minLength: 1, maxLength: TITLE_MAX, pattern: '\\S' } as const;
const description = { type: 'string', maxLength: DESCRIPTION_MAX } as const;

/** Response schemas let Fastify serialize with a compiled stringifier (and never leak extra columns). */
const taskSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    title: { type: 'string' },
    description: { type: 'string' },
    completed: { type: 'boolean' },
    created_at: { type: 'string' },
    updated_at: { type: 'string' },
  },
} as const;
const taskResponse = { 200: taskSchema, 201: taskSchema };
const taskListResponse = { 200: { type: 'array', items: taskSchema } };

type UserReq = { Params: { user_id: string } };
type TaskReq = { Params: { user_id: string; id: string } };

export function taskRoutes(app: FastifyInstance, tasks: TaskService, secret: string): void {
  const found = <T>(task: T | undefined, id: string): T => {
    if (!task) throw notFound(`task ${id} not found`);
    return task;
  };

  app.get<UserReq & { Querystring: { status?: TaskStatus } }>(
    '/api/:user_id/tasks',
    {
      schema: {
        params: userParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { status: { type: 'string', enum: TASK_STATUSES } },
        },
        response: taskListResponse,
      },
    },
    async (request) => tasks.list(authorizeUser(request, secret), request.query.status ?? 'all'),
  );

  app.post<UserReq & { Body: { title: string; description?: string } }>(
    '/api/:user_id/tasks',
    {
      schema: {
        params: userParams,
        body: {
          type: 'object',
          required: ['title'],
          additionalProperties: false,
          properties: { title, description },
        },
        response: taskResponse,
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await tasks.add(
            authorizeUser(request, secret),
            request.body.title.trim(),
            request.body.description ?? '',
          ),
        ),
  );

  app.get<TaskReq>(
    '/api/:user_id/tasks/:id',
    { schema: { params: taskParams, response: taskResponse } },
    async (request) =>
      found(await tasks.get(authorizeUser(request, secret), Number(request.params.id)), request.params.id),
  );

  app.put<TaskReq & { Body: { title?: string; description?: string; completed?: boolean } }>(
    '/api/:user_id/tasks/:id',
    {
      schema: {
        params: taskParams,
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: { title, description, completed: { type: 'boolean' } },
        },
        response: taskResponse,
      },
    },
    async (request) => {
      const { title: newTitle, ...rest } = request.body;
      return found(
        await tasks.update(authorizeUser(request, secret), Number(request.params.id), {
          ...rest,
          title: newTitle?.trim(),
        }),
        request.params.id,
      );
    },
  );

  app.delete<TaskReq>(
    '/api/:user_id/tasks/:id',
    { schema: { params: taskParams, response: taskResponse } },
    async (request) =>
      found(await tasks.delete(authorizeUser(request, secret), Number(request.params.id)), request.params.id),
  );

  app.patch<TaskReq>(
    '/api/:user_id/tasks/:id/complete',
    { schema: { params: taskParams, response: taskResponse } },
    async (request) =>
      found(
        await tasks.complete(authorizeUser(request, secret), Number(request.params.id)),
        request.params.id,
      ),
  );
}
