import { defineEntity, p } from '@mikro-orm/core';

export const PersonEntity = defineEntity({
  name: 'PersonEntity',
  tableName: 'person',
  properties: {
    id: p.uuid().primary(),
    survived: p.boolean(),
    passengerClass: p.smallint(),
    name: p.string().columnType('text'),
    sex: p.string().columnType('text'),
    age: p.double().columnType('double precision'),
    siblingsOrSpousesAboard: p.integer(),
    parentsOrChildrenAboard: p.integer(),
    fare: p.double().columnType('double precision'),
    createdAt: p.datetime().columnType('timestamptz'),
  },
});
