import { beforeEach, describe, expect, it } from 'vitest';
import type { PeopleRepository } from '../../core/people/people-repository.js';
import type { Person } from '../../core/people/person.js';
import { braund } from '../core/people/person-fixtures.js';
import { type FreshRepository, minute, uuid } from './repository-subject.js';

const person = (n: number, overrides: Partial<Person> = {}): Person => ({
  ...braund,
  id: uuid(n),
  name: `Person ${n}`,
  createdAt: minute(n),
  ...overrides,
});

/** What every PeopleRepository promises (core/people/people-repository.ts). */
export function peopleRepositoryContract(name: string, fresh: FreshRepository<PeopleRepository>): void {
  describe(`PeopleRepository contract: ${name}`, () => {
    let people: PeopleRepository;

    beforeEach(async () => {
      people = await fresh();
    });

    it('finds a stored person by id, exactly as stored, fractions included', async () => {
      const stored = person(1, { age: 0.92, fare: 151.55 });
      await people.add(stored);
      await expect(people.findById(uuid(1))).resolves.toEqual(stored);
    });

    it('finds, replaces and removes nothing for an unknown id or one that is not a UUID', async () => {
      await people.add(person(1));
      for (const id of [uuid(2), 'not-a-uuid']) {
        await expect(people.findById(id)).resolves.toBeUndefined();
        await expect(people.replace(id, braund)).resolves.toBeUndefined();
        await expect(people.remove(id)).resolves.toBe(false);
      }
      await expect(people.list({ limit: 10 })).resolves.toEqual([person(1)]);
    });

    it('replaces every detail, keeping id and creation time, and answers the person as stored now', async () => {
      await people.add(person(1));
      const details = { ...braund, name: 'Mrs. John Bradley Cumings', sex: 'female', survived: true, fare: 71.2833 } as const;

      const replaced = await people.replace(uuid(1), details);

      expect(replaced).toEqual({ ...details, id: uuid(1), createdAt: minute(1) });
      await expect(people.findById(uuid(1))).resolves.toEqual(replaced);
    });

    it('removes a person once: true the first time, false after', async () => {
      await people.add(person(1));
      await expect(people.remove(uuid(1))).resolves.toBe(true);
      await expect(people.remove(uuid(1))).resolves.toBe(false);
      await expect(people.findById(uuid(1))).resolves.toBeUndefined();
    });

    it('lists newest first, ties broken by id, in pages strictly after the last one seen', async () => {
      for (const each of [person(1), person(2), person(3, { createdAt: minute(2) })]) await people.add(each);

      const first = await people.list({ limit: 2 });
      expect(first.map((each) => each.id)).toEqual([uuid(3), uuid(2)]);
      const rest = await people.list({ limit: 2, after: { createdAt: minute(2), id: uuid(2) } });
      expect(rest.map((each) => each.id)).toEqual([uuid(1)]);
    });
  });
}
