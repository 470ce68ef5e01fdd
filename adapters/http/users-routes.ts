import type { FastifyPluginAsync } from 'fastify';
import { GetUser } from '../../core/users/get-user.js';
import { ListUsers } from '../../core/users/list-users.js';
import { RegisterUser } from '../../core/users/register-user.js';
import { sendCreated } from './created.js';
import type { HttpDependencies } from './http-dependencies.js';
import { pageRoute } from './page-route.js';
import { type IdParams, idParamsSchema } from './schemas/id-params-schema.js';
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
    // The canonical path, whichever of the two the client posted to.
    async (request, reply) => sendCreated(reply, '/users', await registerUser.execute(request.body)),
  );

  pageRoute(app, '', {
    tags: ['users'],
    summary: 'List users, newest first',
    itemRef: userRef,
    list: (query) => listUsers.execute(query),
  });

  app.get<{ Params: IdParams }>(
    '/:id',
    { schema: { tags: ['users'], summary: 'Get one user', params: idParamsSchema, response: { 200: userRef, 404: problemRef } } },
    (request) => getUser.execute(request.params.id),
  );
};
