import { defineEntity, p } from '@mikro-orm/core';

/** Every visit, kept for audit and later analysis; statistics never scan it. */
export const VisitEntity = defineEntity({
  name: 'VisitEntity',
  tableName: 'visit',
  properties: {
    id: p.bigint().primary().autoincrement(),
    visitorId: p.string().columnType('text'),
    visitedAt: p.datetime().columnType('timestamptz'),
  },
});

/** One row per visitor ever seen: its insert decides "unique overall". */
export const VisitorEntity = defineEntity({
  name: 'VisitorEntity',
  tableName: 'visitor',
  properties: {
    visitorId: p.string().columnType('text').primary(),
    firstVisitAt: p.datetime().columnType('timestamptz'),
  },
});

/** One row per visitor and day: its insert decides "unique today". */
export const VisitorDayEntity = defineEntity({
  name: 'VisitorDayEntity',
  tableName: 'visitor_day',
  properties: {
    day: p.string().columnType('date').primary(),
    visitorId: p.string().columnType('text').primary(),
  },
});

/** Per-day counters split into shards, so concurrent visits update different rows instead of queueing on one. */
export const VisitCounterEntity = defineEntity({
  name: 'VisitCounterEntity',
  tableName: 'visit_counter',
  properties: {
    day: p.string().columnType('date').primary(),
    shard: p.smallint().primary(),
    visits: p.bigint(),
    uniqueVisitors: p.bigint(),
    newVisitors: p.bigint(),
  },
});
