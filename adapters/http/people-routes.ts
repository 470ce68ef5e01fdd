import type { FastifyPluginAsync } from 'fastify';
import { CreatePerson } from '../../core/people/create-person.js';
import { DeletePerson } from '../../core/people/delete-person.js';
import { GetPerson } from '../../core/people/get-person.js';
import { ListPeople } from '../../core/people/list-people.js';
import { UpdatePerson } from '../../core/people/update-person.js';
import { requireAdmin } from './admin-auth.js';
import { sendCreated } from './created.js';
import type { HttpDependencies } from './http-dependencies.js';
import { pageRoute } from './page-route.js';
import { type IdParams, idParamsSchema } from './schemas/id-params-schema.js';
import { type PersonBody, personBodySchema } from './schemas/person-schema.js';
import { problemRef } from './schemas/problem-schema.js';

const personRef = { $ref: 'Person#' } as const;

/** Registered under `/people`. Reads are public; writes need the admin token. */
export const peopleRoutes: FastifyPluginAsync<{ deps: HttpDependencies }> = async (app, { deps }) => {
  const listPeople = deps.useCases.get(ListPeople);
  const createPerson = deps.useCases.get(CreatePerson);
  const getPerson = deps.useCases.get(GetPerson);
  const updatePerson = deps.useCases.get(UpdatePerson);
  const deletePerson = deps.useCases.get(DeletePerson);
  // On request, before the body is even read: a client without the token learns nothing about its body's
  // validity, and an anonymous flood costs no parsing.
  const admin = { onRequest: requireAdmin(deps.settings.adminToken) };
  const security = [{ adminToken: [] }];

  pageRoute(app, '', {
    tags: ['people'],
    summary: 'List people, newest first',
    itemRef: personRef,
    list: (query) => listPeople.execute(query),
  });

  app.post<{ Body: PersonBody }>(
    '',
    {
      ...admin,
      schema: {
        tags: ['people'],
        summary: 'Add a person (admin)',
        security,
        body: personBodySchema,
        response: { 201: personRef, 400: problemRef, 401: problemRef, 415: problemRef },
      },
    },
    async (request, reply) => sendCreated(reply, '/people', await createPerson.execute(request.body)),
  );

  app.get<{ Params: IdParams }>(
    '/:id',
    {
      schema: {
        tags: ['people'],
        summary: 'Get one person',
        params: idParamsSchema,
        response: { 200: personRef, 404: problemRef },
      },
    },
    (request) => getPerson.execute(request.params.id),
  );

  app.put<{ Params: IdParams; Body: PersonBody }>(
    '/:id',
    {
      ...admin,
      schema: {
        tags: ['people'],
        summary: 'Replace every detail of a person (admin)',
        security,
        params: idParamsSchema,
        body: personBodySchema,
        response: { 200: personRef, 400: problemRef, 401: problemRef, 404: problemRef, 415: problemRef },
      },
    },
    (request) => updatePerson.execute(request.params.id, request.body),
  );

  app.delete<{ Params: IdParams }>(
    '/:id',
    {
      ...admin,
      schema: {
        tags: ['people'],
        summary: 'Delete a person (admin)',
        security,
        params: idParamsSchema,
        response: { 204: { type: 'null' }, 401: problemRef, 404: problemRef },
      },
    },
    async (request, reply) => {
      await deletePerson.execute(request.params.id);
      return reply.code(204).send();
    },
  );
};
