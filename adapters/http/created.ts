import type { FastifyReply } from 'fastify';

/** Answers 201 with the new resource and its `Location`: its id under the collection's canonical path. */
export function sendCreated<Resource extends { readonly id: string }>(reply: FastifyReply, collectionPath: string, resource: Resource) {
  return reply.code(201).header('location', `${collectionPath}/${resource.id}`).send(resource);
}
