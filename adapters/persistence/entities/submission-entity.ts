import { defineEntity, p } from '@mikro-orm/core';

export const SubmissionEntity = defineEntity({
  name: 'SubmissionEntity',
  tableName: 'form_submission',
  properties: {
    id: p.uuid().primary(),
    name: p.string().columnType('text'),
    favoriteColor: p.string().columnType('text'),
    pet: p.string().columnType('text'),
    createdAt: p.datetime().columnType('timestamptz'),
  },
});
