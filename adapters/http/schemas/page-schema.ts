import { PAGE_LIMIT } from '../../../core/shared/pagination.js';

/** The query of every paginated listing; the cursor is opaque and checked by core. */
export const pageQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: PAGE_LIMIT.min, maximum: PAGE_LIMIT.max, default: PAGE_LIMIT.default },
    cursor: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;

export interface PageQuerystring {
  limit?: number;
  cursor?: string;
}
