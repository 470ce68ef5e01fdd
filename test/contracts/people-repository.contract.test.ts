import { expect, it } from 'vitest';
import { MikroOrmPeopleRepository } from '../../adapters/persistence/mikro-orm-people-repository.js';
import type { Person } from '../../core/people/person.js';
import type { PeopleRepository } from '../../core/people/people-repository.js';
import { braund } from '../core/people/person-fixtures.js';
import { InMemoryPeopleRepository } from '../fakes/in-memory-people-repository.js';
import { describeRepositoryContract, minute, uuid } from './repository-contract.js';

const person = (n: number, overrides: Partial<Person> = {}): Person => ({
  ...braund,
  id: uuid(n),
  name: `Person ${n}`,
  createdAt: minute(n),
  ...overrides,
});

/** What every PeopleRepository promises (core/people/people-repository.ts). */
describeRepositoryContract<PeopleRepository>(
  'PeopleRepository',
  { inMemory: () => new InMemoryPeopleRepository(), mikroOrm: (em) => new MikroOrmPeopleRepository(em) },
  (repository) => {
    it('finds a stored person by id, exactly as stored, fractions included', async () => {
      const people = repository();
      const stored = person(1, { age: 0.92, fare: 151.55 });
      await people.add(stored);
      await expect(people.findById(uuid(1))).resolves.toEqual(stored);
    });

    it('finds, updates and removes nothing for an unknown id or one that is not a UUID', async () => {
      const people = repository();
      await people.add(person(1));
      for (const id of [uuid(2), 'not-a-uuid']) {
        await expect(people.findById(id)).resolves.toBeUndefined();
        await expect(people.update(id, braund)).resolves.toBeUndefined();
        await expect(people.remove(id)).resolves.toBe(false);
      }
      await expect(people.list({ limit: 10 })).resolves.toEqual([person(1)]);
    });

    it('updates every detail given, keeping id and creation time, and answers the person as stored now', async () => {
      const people = repository();
      await people.add(person(1));
      const details = { ...braund, name: 'Mrs. John Bradley Cumings', sex: 'female', survived: true, fare: 71.2833 } as const;

      const updated = await people.update(uuid(1), details);

      expect(updated).toEqual({ ...details, id: uuid(1), createdAt: minute(1) });
      await expect(people.findById(uuid(1))).resolves.toEqual(updated);
    });

    it('keeps the details it is not given as stored, so concurrent updates of different details all last', async () => {
      const people = repository();
      await people.add(person(1));

      await Promise.all([
        people.update(uuid(1), { age: 40 }),
        people.update(uuid(1), { fare: 12.5 }),
        people.update(uuid(1), { survived: true }),
      ]);

      await expect(people.findById(uuid(1))).resolves.toEqual(person(1, { age: 40, fare: 12.5, survived: true }));
    });

    it('removes a person once: true the first time, false after', async () => {
      const people = repository();
      await people.add(person(1));
      await expect(people.remove(uuid(1))).resolves.toBe(true);
      await expect(people.remove(uuid(1))).resolves.toBe(false);
      await expect(people.findById(uuid(1))).resolves.toBeUndefined();
    });

    it('lists newest first, ties broken by id, in pages strictly after the last one seen', async () => {
      const people = repository();
      for (const each of [person(1), person(2), person(3, { createdAt: minute(2) })]) await people.add(each);

      const first = await people.list({ limit: 2 });
      expect(first.map((each) => each.id)).toEqual([uuid(3), uuid(2)]);
      const rest = await people.list({ limit: 2, after: { createdAt: minute(2), id: uuid(2) } });
      expect(rest.map((each) => each.id)).toEqual([uuid(1)]);
    });
  },
);
