import { defineEntity, p } from '@mikro-orm/core';

export const UserEntity = defineEntity({
  name: 'UserEntity',
  tableName: 'user_account',
  properties: {
    id: p.uuid().primary(),
    username: p.string().columnType('text'),
    email: p.string().columnType('text'),
    createdAt: p.datetime().columnType('timestamptz'),
  },
});
