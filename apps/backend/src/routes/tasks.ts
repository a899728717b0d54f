import { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notFound } from '../errors';
import {
  NewTask,
  Task,
  TaskChanges,
  TaskCounts,
  TaskListQuery,
  TaskPage,
  TaskParams,
  UserParams,
} from '../schemas';
import { TaskService } from '../tasks/task-service';

/** /api/{user_id}/tasks, behind the user scope's authentication. */
export const taskRoutes: FastifyPluginAsyncTypebox<{ tasks: TaskService }> = async (app, { tasks }) => {
  const found = <T>(task: T | undefined, id: number): T => {
    if (!task) throw notFound(`task ${id} not found`);
    return task;
  };
  // Response schemas let Fastify serialize with a compiled stringifier (and never leak extra columns).
  const one = { response: { 200: Task } };

  app.get(
    '/',
    { schema: { params: UserParams, querystring: TaskListQuery, response: { 200: TaskPage } } },
    async (request) => tasks.list(request.userId, request.query),
  );

  // A static path: it is matched before /:id.
  app.get('/counts', { schema: { params: UserParams, response: { 200: TaskCounts } } }, async (request) =>
    tasks.count(request.userId),
  );

  app.post(
    '/',
    { schema: { params: UserParams, body: NewTask, response: { 201: Task } } },
    async (request, reply) =>
      reply
        .code(201)
        .send(await tasks.add(request.userId, request.body.title.trim(), request.body.description ?? '')),
  );

  app.get('/:id', { schema: { params: TaskParams, ...one } }, async (request) =>
    found(await tasks.get(request.userId, request.params.id), request.params.id),
  );

  app.put('/:id', { schema: { params: TaskParams, body: TaskChanges, ...one } }, async (request) => {
    const { title, ...rest } = request.body;
    return found(
      await tasks.update(request.userId, request.params.id, { ...rest, title: title?.trim() }),
      request.params.id,
    );
  });

  app.delete('/:id', { schema: { params: TaskParams, ...one } }, async (request) =>
    found(await tasks.delete(request.userId, request.params.id), request.params.id),
  );

  // No body: completing is idempotent (an already completed task stays as it is).
  app.patch('/:id/complete', { schema: { params: TaskParams, ...one } }, async (request) =>
    found(await tasks.complete(request.userId, request.params.id), request.params.id),
  );

  // The way back from complete (a misclick is not permanent); reopening a pending task changes nothing.
  app.patch('/:id/reopen', { schema: { params: TaskParams, ...one } }, async (request) =>
    found(await tasks.reopen(request.userId, request.params.id), request.params.id),
  );
};
