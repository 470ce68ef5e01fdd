import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { CreatePerson } from '../../core/people/create-person.js';
import { DeletePerson } from '../../core/people/delete-person.js';
import { GetPerson } from '../../core/people/get-person.js';
import { ListPeople } from '../../core/people/list-people.js';
import type { PersonChanges } from '../../core/people/person-changes.js';
import type { NewPerson } from '../../core/people/person-rules.js';
import { UpdatePerson } from '../../core/people/update-person.js';
import { requireAdmin } from './admin-auth.js';
import { sendCreated } from './created.js';
import type { HttpDependencies } from './http-dependencies.js';
import { jsonBodyParser } from './json-body-parser.js';
import { pageRoute } from './page-route.js';
import { type IdParams, idParamsSchema } from './schemas/id-params-schema.js';
import { personBodySchema, personMergePatchSchema, personReplacementSchema } from './schemas/person-schema.js';
import { problemRef } from './schemas/problem-schema.js';

const MERGE_PATCH = 'application/merge-patch+json';

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

  app.post<{ Body: NewPerson }>(
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

  // An unknown id is a 404 whatever the body holds (seed 004's clients rely on it): checked before the body's schema.
  const knownPerson = async (request: FastifyRequest<{ Params: IdParams }>) => {
    await getPerson.execute(request.params.id);
  };
  const changeResponses = { 200: personRef, 400: problemRef, 401: problemRef, 404: problemRef, 415: problemRef };

  app.put<{ Params: IdParams; Body: PersonChanges }>(
    '/:id',
    {
      ...admin,
      preValidation: knownPerson,
      schema: {
        tags: ['people'],
        summary: 'Change a person (admin): every field given replaces its value, fields left out keep theirs',
        security,
        params: idParamsSchema,
        body: personReplacementSchema,
        response: changeResponses,
      },
    },
    (request) => updatePerson.execute(request.params.id, request.body),
  );

  // Only PATCH reads merge patches, so it lives in a scope of its own with that parser.
  await app.register(async (patchScope) => {
    patchScope.addContentTypeParser(MERGE_PATCH, { parseAs: 'string' }, jsonBodyParser(patchScope));
    patchScope.patch<{ Params: IdParams; Body: PersonChanges }>(
      '/:id',
      {
        ...admin,
        preValidation: knownPerson,
        schema: {
          tags: ['people'],
          summary: 'Change a person with a JSON Merge Patch, RFC 7396 (admin)',
          security,
          params: idParamsSchema,
          consumes: [MERGE_PATCH, 'application/json'],
          body: personMergePatchSchema,
          response: changeResponses,
        },
      },
      (request) => updatePerson.execute(request.params.id, request.body),
    );
  });

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
