import { beforeEach, describe, expect, it } from 'vitest';
import { CreatePerson } from '../../../core/people/create-person.js';
import { DeletePerson } from '../../../core/people/delete-person.js';
import { GetPerson } from '../../../core/people/get-person.js';
import { ListPeople } from '../../../core/people/list-people.js';
import type { PersonDetails } from '../../../core/people/person.js';
import type { NewPerson } from '../../../core/people/person-rules.js';
import { UpdatePerson } from '../../../core/people/update-person.js';
import { NotFoundError } from '../../../core/shared/not-found-error.js';
import { ValidationError } from '../../../core/shared/validation-error.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { InMemoryPeopleRepository } from '../../fakes/in-memory-people-repository.js';
import { SequentialIdGenerator } from '../../fakes/sequential-id-generator.js';
import { braund } from './person-fixtures.js';

describe('the people use cases', () => {
  let people: InMemoryPeopleRepository;
  let clock: FixedClock;
  let create: CreatePerson;

  beforeEach(() => {
    people = new InMemoryPeopleRepository();
    clock = new FixedClock('2025-04-15T00:00:00.000Z');
    create = new CreatePerson(people, new SequentialIdGenerator(), clock);
  });

  it('creates a person with a new id and the current time, storing the name trimmed', async () => {
    const person = await create.execute({ ...braund, name: '  Mr. Owen Harris Braund ' });
    expect(person).toEqual({ ...braund, id: SequentialIdGenerator.idFor(1), createdAt: clock.now() });
    expect(await new GetPerson(people).execute(person.id)).toEqual(person);
  });

  it('rejects every broken rule at once and stores nothing', async () => {
    const bad = {
      ...braund,
      passengerClass: 4,
      name: '   ',
      sex: 'unknown',
      age: -1,
      siblingsOrSpousesAboard: 1.5,
      fare: '7.25',
      survived: 'yes',
    } as unknown as PersonDetails;
    const error: unknown = await create.execute(bad).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.field).sort()).toEqual(
      ['age', 'fare', 'name', 'passengerClass', 'sex', 'siblingsOrSpousesAboard', 'survived'].sort(),
    );
    expect(people.all).toEqual([]);
  });

  it('update replaces every detail and keeps the id and createdAt', async () => {
    const person = await create.execute(braund);
    clock.advance(60_000);
    const changed = { ...braund, survived: true, passengerClass: 1 as const, name: 'Mrs. X', sex: 'female' as const, age: 0.5 };
    const updated = await new UpdatePerson(people).execute(person.id, changed);
    expect(updated).toEqual({ ...changed, id: person.id, createdAt: person.createdAt });
    expect(await new GetPerson(people).execute(person.id)).toEqual(updated);
  });

  it('update changes only the fields given and keeps the rest (JSON Merge Patch)', async () => {
    const person = await create.execute({ ...braund, survived: true });
    const updated = await new UpdatePerson(people).execute(person.id, { name: ' Alex ', age: 23 });
    expect(updated).toEqual({ ...person, name: 'Alex', age: 23 });
  });

  it('update with null removes a value: survived returns to false, a field without a default is required', async () => {
    const person = await create.execute({ ...braund, survived: true });
    const update = new UpdatePerson(people);
    expect(await update.execute(person.id, { survived: null })).toEqual({ ...person, survived: false });
    const error: unknown = await update.execute(person.id, { name: null, fare: null }).catch((caught: unknown) => caught);
    expect((error as ValidationError).issues).toEqual([
      { field: 'name', message: 'is required' },
      { field: 'fare', message: 'is required' },
    ]);
    expect(people.all).toEqual([{ ...person, survived: false }]);
  });

  it('update writes only the fields given, so a change made meanwhile to another field is kept', async () => {
    const person = await create.execute(braund);
    const update = new UpdatePerson(people);
    const written: unknown[] = [];
    const write = people.update.bind(people);
    people.update = async (id, details) => {
      written.push(details);
      return write(id, details);
    };

    await update.execute(person.id, { name: ' Alex ', survived: null });
    // Removing a field that a person does not have changes nothing: nothing to write.
    await expect(update.execute(person.id, { nickname: null } as never)).resolves.toEqual({ ...person, name: 'Alex' });

    expect(written).toEqual([{ name: 'Alex', survived: false }]);
  });

  it('update refuses a field a person does not have, and a bad value, changing nothing', async () => {
    const person = await create.execute(braund);
    const changes = { nickname: 'Owen', age: -1 } as unknown as Parameters<UpdatePerson['execute']>[1];
    const error: unknown = await new UpdatePerson(people).execute(person.id, changes).catch((caught: unknown) => caught);
    expect((error as ValidationError).issues.map((issue) => issue.field)).toEqual(['nickname', 'age']);
    expect(people.all).toEqual([person]);
  });

  it('update of an unknown id is NotFoundError even when the changes are invalid', async () => {
    const error: unknown = await new UpdatePerson(people)
      .execute(SequentialIdGenerator.idFor(7), { name: null, age: -1 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
  });

  it('create defaults survived to false', async () => {
    const withoutSurvived: { -readonly [Field in keyof NewPerson]: NewPerson[Field] } = { ...braund, survived: true };
    delete withoutSurvived.survived;
    expect((await create.execute(withoutSurvived)).survived).toBe(false);
  });

  it('a name may have 100 characters, not 101', async () => {
    expect((await create.execute({ ...braund, name: 'n'.repeat(100) })).name).toHaveLength(100);
    const error: unknown = await create.execute({ ...braund, name: 'n'.repeat(101) }).catch((caught: unknown) => caught);
    expect((error as ValidationError).issues).toEqual([{ field: 'name', message: 'must be at most 100 characters' }]);
  });

  it('get, update and delete of an unknown id throw NotFoundError naming the person', async () => {
    const missing = SequentialIdGenerator.idFor(42);
    for (const attempt of [
      () => new GetPerson(people).execute(missing),
      () => new UpdatePerson(people).execute(missing, braund),
      () => new DeletePerson(people).execute(missing),
    ]) {
      const error: unknown = await attempt().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ resource: 'person', id: missing });
    }
  });

  it('delete removes the person', async () => {
    const person = await create.execute(braund);
    await new DeletePerson(people).execute(person.id);
    expect(people.all).toEqual([]);
  });

  it('lists newest first in pages that together hold every person once', async () => {
    for (let n = 1; n <= 5; n += 1) {
      await create.execute({ ...braund, name: `person ${n}` });
      clock.advance(1000);
    }
    const list = new ListPeople(people);
    const first = await list.execute({ limit: 2 });
    expect(first.items.map((person) => person.name)).toEqual(['person 5', 'person 4']);
    const second = await list.execute({ limit: 2, cursor: first.nextCursor as string });
    const third = await list.execute({ limit: 2, cursor: second.nextCursor as string });
    expect([...second.items, ...third.items].map((person) => person.name)).toEqual(['person 3', 'person 2', 'person 1']);
    expect(third.nextCursor).toBeUndefined();
  });
});
