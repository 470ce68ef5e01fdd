import type { FastifyReply } from 'fastify';

/** Answers 201 with the new resource and its `Location`: its id under the collection's canonical path. */
export function sendCreated(reply: FastifyReply, collectionPath: string, resource: { readonly id: string }) {
  return reply.code(201).header('location', `${collectionPath}/${resource.id}`).send(resource);
}
