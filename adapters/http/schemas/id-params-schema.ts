/**
 * The path parameter of every by-id route. Any text is accepted here: an id that is not a UUID names nothing,
 * and the repositories answer "not found" for it (a 404, as for any id that does not exist).
 */
export const idParamsSchema = {
  type: 'object',
  properties: { id: { type: 'string' } },
  required: ['id'],
} as const;

export interface IdParams {
  id: string;
}
