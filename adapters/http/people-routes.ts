import type { FastifyPluginAsync } from 'fastify';
import { CreatePerson } from '../../core/people/create-person.js';
import { DeletePerson } from '../../core/people/delete-person.js';
import { GetPerson } from '../../core/people/get-person.js';
import { ListPeople } from '../../core/people/list-people.js';
import { UpdatePerson } from '../../core/people/update-person.js';
import { requireAdmin } from './admin-auth.js';
import type { HttpDependencies } from './http-dependencies.js';
import { setNextLink } from './pagination-link.js';
import { type PageQuerystring, pageQuerySchema } from './schemas/page-schema.js';
import { type PersonBody, personBodySchema } from './schemas/person-schema.js';
import { problemRef } from './schemas/problem-schema.js';

const personRef = { $ref: 'Person#' } as const;
const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;

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

  app.get<{ Querystring: PageQuerystring }>(
    '',
    {
      schema: {
        tags: ['people'],
        summary: 'List people, newest first',
        querystring: pageQuerySchema,
        response: { 200: { type: 'array', items: personRef }, 400: problemRef },
      },
    },
    async (request, reply) => {
      const page = await listPeople.execute(request.query);
      setNextLink(reply, app.prefix, request.query, page);
      return page.items;
    },
  );

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
    async (request, reply) => {
      const person = await createPerson.execute(request.body);
      return reply.code(201).header('location', `${app.prefix}/${person.id}`).send(person);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/:id',
    {
      schema: {
        tags: ['people'],
        summary: 'Get one person',
        params: idParams,
        response: { 200: personRef, 404: problemRef },
      },
    },
    (request) => getPerson.execute(request.params.id),
  );

  app.put<{ Params: { id: string }; Body: PersonBody }>(
    '/:id',
    {
      ...admin,
      schema: {
        tags: ['people'],
        summary: 'Replace every detail of a person (admin)',
        security,
        params: idParams,
        body: personBodySchema,
        response: { 200: personRef, 400: problemRef, 401: problemRef, 404: problemRef, 415: problemRef },
      },
    },
    (request) => updatePerson.execute(request.params.id, request.body),
  );

  app.delete<{ Params: { id: string } }>(
    '/:id',
    {
      ...admin,
      schema: {
        tags: ['people'],
        summary: 'Delete a person (admin)',
        security,
        params: idParams,
        response: { 204: { type: 'null' }, 401: problemRef, 404: problemRef },
      },
    },
    async (request, reply) => {
      await deletePerson.execute(request.params.id);
      return reply.code(204).send();
    },
  );
};
