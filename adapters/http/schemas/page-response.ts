import { problemRef } from './problem-schema.js';

/** A page: HTML for browsers. */
export const htmlResponse = (description: string) =>
  ({ description, content: { 'text/html': { schema: { type: 'string' } } } }) as const;

/** A page route's failure: an HTML page for browsers (Accept: text/html), problem+json for every other client. */
export const pageErrorResponse = (description: string) =>
  ({
    description,
    content: {
      'text/html': { schema: { type: 'string' } },
      'application/problem+json': { schema: problemRef },
    },
  }) as const;
