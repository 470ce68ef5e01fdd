import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowCounts } from '../support/sql.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../support/test-app.js';

// Control characters, which names may not contain; built from code points so the pattern itself stays printable.
const control = new RegExp(`[${String.fromCharCode(0)}-${String.fromCharCode(0x1f)}${String.fromCharCode(0x7f)}]`);

const valid = {
  survived: fc.boolean(),
  passengerClass: fc.constantFrom(1, 2, 3),
  name: fc.string({ minLength: 1, maxLength: 50 }).filter((name) => /\S/.test(name) && !control.test(name)),
  sex: fc.constantFrom('male', 'female', 'other'),
  age: fc.double({ min: 0, max: 150, noNaN: true }),
  siblingsOrSpousesAboard: fc.integer({ min: 0, max: 100 }),
  parentsOrChildrenAboard: fc.integer({ min: 0, max: 100 }),
  fare: fc.double({ min: 0, max: 1000, noNaN: true }),
};
type Field = keyof typeof valid;
const fields = Object.keys(valid) as Field[];

/** A value that breaks the field's rule: the wrong JSON type, or the right type out of range. */
const invalid: Record<Field, fc.Arbitrary<unknown>> = {
  survived: fc.oneof(fc.constantFrom('true', 1, 0, null), fc.string()),
  passengerClass: fc.oneof(fc.constantFrom('1', 0, 4, 1.5, null), fc.integer().filter((n) => n < 1 || n > 3)),
  name: fc.oneof(fc.constantFrom('', 'x'.repeat(101), 'tab\there', null, 7), fc.array(fc.string())),
  sex: fc.oneof(fc.constantFrom('Male', 'unknown', '', null, 1), fc.string().filter((s) => !['male', 'female', 'other'].includes(s))),
  age: fc.oneof(fc.constantFrom('20', null, true), fc.double({ max: -Number.MIN_VALUE, noNaN: true }), fc.double({ min: 150.5, noNaN: true, noDefaultInfinity: true })),
  siblingsOrSpousesAboard: fc.oneof(fc.constantFrom('1', 1.5, -1, 101, null), fc.integer({ max: -1 })),
  parentsOrChildrenAboard: fc.oneof(fc.constantFrom('0', 0.5, -1, 101, null), fc.integer({ min: 101 })),
  fare: fc.oneof(fc.constantFrom('7.25', null, [1]), fc.double({ max: -Number.MIN_VALUE, noNaN: true, noDefaultInfinity: true })),
};

/** A valid body broken in at least one way: a bad value, an unknown field, or a missing field. */
const invalidBody = fc
  .tuple(
    fc.record(valid),
    fc.subarray(fields),
    fc.subarray(fields),
    fc.dictionary(fc.string({ minLength: 1 }).filter((key) => !fields.includes(key as Field) && key !== '__proto__'), fc.jsonValue(), { maxKeys: 2 }),
  )
  .chain(([body, broken, missing, extra]) =>
    fc.record(Object.fromEntries(broken.map((field) => [field, invalid[field]]))).map((bad) => {
      const result: Record<string, unknown> = { ...body, ...bad, ...extra };
      for (const field of missing) delete result[field];
      return result;
    }),
  )
  .chain((body) => fc.record({ body: fc.constant(body), replace: fc.boolean() }))
  // Breaking no field at all, or "breaking" one into a value that happens to be valid, leaves a valid body.
  .filter(({ body, replace }) => !isValid(body, replace));

/** A new person may leave out `survived` (it defaults to false); a change may leave out any field. */
function isValid(body: Record<string, unknown>, replace: boolean): boolean {
  const required = replace ? [] : fields.filter((field) => field !== 'survived');
  if (Object.keys(body).some((key) => !fields.includes(key as Field)) || required.some((field) => !(field in body))) return false;
  return Object.keys(body).every((field) => isValidValue(field as Field, body[field]));
}

function isValidValue(field: Field, value: unknown): boolean {
  const inRange = (max: number, integer: boolean) =>
    typeof value === 'number' && (!integer || Number.isInteger(value)) && value >= 0 && value <= max;
  switch (field) {
    case 'survived':
      return typeof value === 'boolean';
    case 'passengerClass':
      return value === 1 || value === 2 || value === 3;
    case 'name':
      return typeof value === 'string' && /\S/.test(value) && value.length <= 100 && !control.test(value);
    case 'sex':
      return value === 'male' || value === 'female' || value === 'other';
    case 'age':
      return inRange(150, false);
    case 'siblingsOrSpousesAboard':
    case 'parentsOrChildrenAboard':
      return inRange(100, true);
    case 'fare':
      return inRange(1_000_000, false);
  }
}

let testApp: TestApp;
beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(async () => {
  await testApp?.close();
});

describe('people request bodies', () => {
  it('any invalid body is a 400 problem naming a field, on create and on change, and writes nothing', async () => {
    const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
    const created = await testApp.app.inject({
      method: 'POST',
      url: '/people',
      headers: admin,
      payload: { survived: true, passengerClass: 1, name: 'Kept', sex: 'female', age: 30, siblingsOrSpousesAboard: 0, parentsOrChildrenAboard: 0, fare: 50 },
    });
    const person = created.json();
    await fc.assert(
      fc.asyncProperty(invalidBody, async ({ body, replace }) => {
        const response = await testApp.app.inject({
          method: replace ? 'PUT' : 'POST',
          url: replace ? `/people/${person.id}` : '/people',
          headers: admin,
          payload: body,
        });
        expect(response.statusCode).toBe(400);
        expect(response.json().errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
    expect(await rowCounts(testApp, ['person'])).toEqual({ person: 1 });
    expect((await testApp.app.inject({ method: 'GET', url: `/people/${person.id}` })).json()).toEqual(person);
  });

  it('rejects a body hiding a __proto__ key (prototype poisoning) as a 400 naming the body, and writes nothing', async () => {
    const before = await rowCounts(testApp, ['person']);
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/people',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      payload: '{"survived":true,"passengerClass":1,"name":"A","sex":"male","age":1,"siblingsOrSpousesAboard":0,"parentsOrChildrenAboard":0,"fare":1," ":{"":{"__proto__":null}}}',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().errors).toEqual([{ field: 'body', message: expect.stringMatching(/not valid JSON/) }]);
    expect(await rowCounts(testApp, ['person'])).toEqual(before);
  });
});
