import type { FastifyPluginAsync } from 'fastify';
import { GetUser } from '../../core/users/get-user.js';
import { ListUsers } from '../../core/users/list-users.js';
import { RegisterUser } from '../../core/users/register-user.js';
import type { HttpDependencies } from './http-dependencies.js';
import { setNextLink } from './pagination-link.js';
import { type PageQuerystring, pageQuerySchema } from './schemas/page-schema.js';
import { problemRef } from './schemas/problem-schema.js';
import { type RegisterUserBody, registerUserBodySchema } from './schemas/user-schema.js';

const userRef = { $ref: 'User#' } as const;

/** Registered under `/users` and under `/user`, the older path some clients still use. */
export const usersRoutes: FastifyPluginAsync<{ deps: HttpDependencies }> = async (app, { deps }) => {
  const registerUser = deps.useCases.get(RegisterUser);
  const listUsers = deps.useCases.get(ListUsers);
  const getUser = deps.useCases.get(GetUser);
  app.post<{ Body: RegisterUserBody }>(
    '',
    {
      schema: {
        tags: ['users'],
        summary: 'Register a user',
        body: registerUserBodySchema,
        response: { 201: userRef, 400: problemRef, 409: problemRef, 415: problemRef },
      },
    },
    async (request, reply) => {
      const user = await registerUser.execute(request.body);
      return reply.code(201).header('location', `/users/${user.id}`).send(user);
    },
  );

  app.get<{ Querystring: PageQuerystring }>(
    '',
    {
      schema: {
        tags: ['users'],
        summary: 'List users, newest first',
        querystring: pageQuerySchema,
        response: { 200: { type: 'array', items: userRef }, 400: problemRef },
      },
    },
    async (request, reply) => {
      const page = await listUsers.execute(request.query);
      setNextLink(reply, app.prefix, request.query, page);
      return page.items;
    },
  );

  app.get<{ Params: { id: string } }>(
    '/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Get one user',
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        response: { 200: userRef, 404: problemRef },
      },
    },
    (request) => getUser.execute(request.params.id),
  );
};
