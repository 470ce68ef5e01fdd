import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../core/shared/conflict-error.js';
import { ValidationError } from '../../../core/shared/validation-error.js';
import { RegisterUser, type RegisterUserInput } from '../../../core/users/register-user.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { InMemoryUserRepository } from '../../fakes/in-memory-user-repository.js';
import { SequentialIdGenerator } from '../../fakes/sequential-id-generator.js';

const valid: RegisterUserInput = { username: 'ada', email: 'ada@example.com' };

/** An address of exactly `length` characters (at least 70) that is otherwise valid. */
function emailOfLength(length: number): string {
  const local = 'a'.repeat(64);
  let domainLength = length - local.length - 1;
  const labels: string[] = [];
  while (domainLength > 63) {
    labels.push('b'.repeat(62));
    domainLength -= 63; // the label and the dot after it
  }
  labels.push('c'.repeat(domainLength));
  return `${local}@${labels.join('.')}`;
}

describe('RegisterUser', () => {
  let users: InMemoryUserRepository;
  let clock: FixedClock;
  let registerUser: RegisterUser;

  beforeEach(() => {
    users = new InMemoryUserRepository();
    clock = new FixedClock('2025-03-01T10:00:00.000Z');
    registerUser = new RegisterUser(users, new SequentialIdGenerator(), clock);
  });

  /** Runs the use case expecting a ValidationError and returns it. */
  async function rejection(input: RegisterUserInput): Promise<ValidationError> {
    const error: unknown = await registerUser.execute(input).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }

  async function rejectedFields(input: RegisterUserInput): Promise<string[]> {
    return (await rejection(input)).issues.map((issue) => issue.field);
  }

  describe('a valid registration', () => {
    it('stores and returns the user with a new id and the current time', async () => {
      const user = await registerUser.execute(valid);

      expect(user).toEqual({
        id: SequentialIdGenerator.idFor(1),
        username: 'ada',
        email: 'ada@example.com',
        createdAt: new Date('2025-03-01T10:00:00.000Z'),
      });
      expect(await users.findById(user.id)).toEqual(user);
    });

    it('gives each user its own id', async () => {
      const first = await registerUser.execute(valid);
      const second = await registerUser.execute({ username: 'grace', email: 'grace@example.com' });

      expect(second.id).not.toBe(first.id);
      expect(users.size).toBe(2);
    });

    it('accepts capital letters in the username and stores it in lower case', async () => {
      const user = await registerUser.execute({ username: 'Ada.LOVELACE', email: 'ada@example.com' });

      expect(user.username).toBe('ada.lovelace');
      expect((await users.findById(user.id))?.username).toBe('ada.lovelace');
    });

    it('keeps the email exactly as typed', async () => {
      const user = await registerUser.execute({ username: 'ada', email: 'Ada.Lovelace@Example.COM' });

      expect(user.email).toBe('Ada.Lovelace@Example.COM');
    });
  });

  describe('username rules', () => {
    it.each([
      ['3 characters, the shortest allowed', 'abc'],
      ['32 characters, the longest allowed', 'a'.repeat(32)],
      ['a leading digit', '1ada'],
      ['only digits', '007'],
      ['"_", "." and "-" after the first character', 'a_b.c-d'],
      ['a trailing "_", "." or "-"', 'ada_.-'],
    ])('accepts %s', async (_case, username) => {
      const user = await registerUser.execute({ username, email: 'ada@example.com' });

      expect(user.username).toBe(username.toLowerCase());
    });

    it.each([
      ['2 characters', 'ab'],
      ['33 characters', 'a'.repeat(33)],
      ['an empty username', ''],
    ])('rejects %s with the allowed length in the message', async (_case, username) => {
      const error = await rejection({ ...valid, username });

      expect(error.issues).toEqual([{ field: 'username', message: 'must be 3 to 32 characters long' }]);
    });

    it('counts capital letters towards the length like any other letter', async () => {
      expect(await rejectedFields({ ...valid, username: 'A'.repeat(33) })).toEqual(['username']);
      expect((await registerUser.execute({ ...valid, username: 'A'.repeat(32) })).username).toBe('a'.repeat(32));
    });

    it.each([
      ['a leading "_"', '_ada'],
      ['a leading "."', '.ada'],
      ['a leading "-"', '-ada'],
      ['a space', 'ada lovelace'],
      ['an "@"', 'ada@home'],
      ['a "+"', 'ada+1'],
      ['a letter outside a-z', 'adé'],
      ['a slash', 'ada/x'],
      ['a trailing newline', 'ada\n'],
    ])('rejects %s and says which characters are allowed', async (_case, username) => {
      const error = await rejection({ ...valid, username });

      expect(error.issues).toEqual([
        {
          field: 'username',
          message: 'may contain only letters, digits, "_", "." and "-", and must start with a letter or digit',
        },
      ]);
    });
  });

  describe('email rules', () => {
    it.each([
      ['a plain address', 'ada@example.com'],
      ['a sub-domain and a plus tag', 'ada+tally@mail.example.co.uk'],
      ['the special characters the form grammar allows', "o'brien!#$%&*/=?^_`{|}~-@example.com"],
      ['a hyphen inside a domain label', 'ada@my-mail.example'],
      ['254 characters, the longest allowed', emailOfLength(254)],
    ])('accepts %s', async (_case, email) => {
      const user = await registerUser.execute({ username: 'ada', email });

      expect(user.email).toBe(email);
    });

    it('rejects 255 characters with the maximum in the message', async () => {
      const email = emailOfLength(255);
      expect(email).toHaveLength(255);

      const error = await rejection({ ...valid, email });

      expect(error.issues).toEqual([{ field: 'email', message: 'must be at most 254 characters' }]);
    });

    it.each([
      ['an empty email', ''],
      ['no "@"', 'ada.example.com'],
      ['two "@"', 'ada@lovelace@example.com'],
      ['nothing before the "@"', '@example.com'],
      ['nothing after the "@"', 'ada@'],
      ['a domain without a dot', 'ada@localhost'],
      ['a space', 'ada lovelace@example.com'],
      ['surrounding spaces', ' ada@example.com '],
      ['a domain label starting with "-"', 'ada@-example.com'],
      ['a domain label ending with "-"', 'ada@example-.com'],
      ['an empty domain label', 'ada@example..com'],
      ['a local part longer than 64 characters', `${'a'.repeat(65)}@example.com`],
      ['a domain label longer than 63 characters', `ada@${'b'.repeat(64)}.com`],
    ])('rejects %s', async (_case, email) => {
      const error = await rejection({ ...valid, email });

      expect(error.issues).toEqual([{ field: 'email', message: 'must be a valid email address' }]);
    });
  });

  describe('rejected input', () => {
    it('reports every broken rule together, username first', async () => {
      const error = await rejection({ username: 'ab', email: 'not-an-email' });

      expect(error.issues.map((issue) => issue.field)).toEqual(['username', 'email']);
      expect(error.message).toBe('username: must be 3 to 32 characters long; email: must be a valid email address');
      expect(error.kind).toBe('validation');
    });

    it('reports both fields when both are empty', async () => {
      expect(await rejectedFields({ username: '', email: '' })).toEqual(['username', 'email']);
    });

    it('writes nothing', async () => {
      await rejection({ username: 'ab', email: 'ada@example.com' });
      await rejection({ username: 'ada', email: 'ada' });

      expect(users.size).toBe(0);
      expect(await users.list({ limit: 10 })).toEqual([]);
    });
  });

  describe('uniqueness', () => {
    it('rejects a username that is already taken, ignoring case', async () => {
      await registerUser.execute({ username: 'ada', email: 'ada@example.com' });

      const error: unknown = await registerUser
        .execute({ username: 'ADA', email: 'other@example.com' })
        .catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(ConflictError);
      expect(error).toMatchObject({ field: 'username', kind: 'conflict' });
      expect(users.size).toBe(1);
    });

    it('rejects an email that is already registered, ignoring case', async () => {
      await registerUser.execute({ username: 'ada', email: 'Ada@Example.com' });

      const error: unknown = await registerUser
        .execute({ username: 'grace', email: 'ada@EXAMPLE.COM' })
        .catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(ConflictError);
      expect(error).toMatchObject({ field: 'email', kind: 'conflict' });
      expect(users.size).toBe(1);
    });

    it('reports an invalid input before checking uniqueness', async () => {
      await registerUser.execute(valid);

      expect(await rejectedFields({ username: 'ada', email: 'ada@' })).toEqual(['email']);
      expect(users.size).toBe(1);
    });

    it('lets usernames that differ only in punctuation coexist', async () => {
      await registerUser.execute({ username: 'ada.l', email: 'one@example.com' });
      await registerUser.execute({ username: 'ada_l', email: 'two@example.com' });

      expect(users.size).toBe(2);
    });
  });
});
