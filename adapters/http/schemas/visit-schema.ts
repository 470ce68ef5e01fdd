import { VISITOR_MAX_LENGTH } from '../../../core/visits/record-visit.js';

export const visitStatisticsSchema = {
  $id: 'VisitStatistics',
  type: 'object',
  required: ['totalVisits', 'uniqueVisitors', 'today'],
  properties: {
    totalVisits: { type: 'integer' },
    uniqueVisitors: { type: 'integer' },
    today: {
      type: 'object',
      required: ['visits', 'uniqueVisitors'],
      properties: { visits: { type: 'integer' }, uniqueVisitors: { type: 'integer' } },
    },
  },
} as const;

export const recordVisitBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { visitor: { type: 'string', minLength: 1, maxLength: VISITOR_MAX_LENGTH } },
} as const;

export const recordedVisitSchema = {
  type: 'object',
  required: ['totalVisits', 'uniqueVisitors'],
  properties: { totalVisits: { type: 'integer' }, uniqueVisitors: { type: 'integer' } },
} as const;
