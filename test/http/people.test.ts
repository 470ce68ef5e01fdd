import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, expectValidationProblem } from '../support/problem.js';
import { expectNothingWritten } from '../support/sql.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../support/test-app.js';

const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const braund = {
  survived: false,
  passengerClass: 3,
  name: 'Braund, Mr. Owen Harris',
  sex: 'male',
  age: 22,
  siblingsOrSpousesAboard: 1,
  parentsOrChildrenAboard: 0,
  fare: 7.25,
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const missingId = '00000000-0000-7000-8000-000000000999';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(async () => {
  await testApp?.close();
});

const inject = (options: InjectOptions) => testApp.app.inject(options);
const create = (body: object = braund) => inject({ method: 'POST', url: '/people', headers: admin, payload: body });

describe('POST /people', () => {
  it('201 with Location and the stored person', async () => {
    const response = await create();
    expect(response.statusCode).toBe(201);
    const person = response.json();
    expect(person).toEqual({ ...braund, id: expect.stringMatching(UUID), createdAt: expect.any(String) });
    expect(response.headers.location).toBe(`/people/${person.id}`);
    expect((await inject({ method: 'GET', url: response.headers.location as string })).json()).toEqual(person);
  });

  it('401 without the admin token or with a wrong one, and writes nothing', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong-token-0123456789' }]) {
      await expectNothingWritten(testApp, ['person'], async () => {
        const response = await inject({ method: 'POST', url: '/people', headers, payload: braund });
        expectProblem(response, 401);
        expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
      });
    }
  });

  it('400 naming each bad field: a string for an integer, an unknown field, a missing field', async () => {
    const body: Record<string, unknown> = { ...braund, age: '20', passengerClass: 4, nickname: 'Owen' };
    delete body.fare;
    await expectNothingWritten(testApp, ['person'], async () => {
      expectValidationProblem(await create(body), ['age', 'passengerClass', 'nickname', 'fare']);
    });
  });

  it('400 for a name of only spaces (core rule) and writes nothing', async () => {
    await expectNothingWritten(testApp, ['person'], async () => {
      expectValidationProblem(await create({ ...braund, name: '   ' }), ['name']);
    });
  });

  it('415 for a body that is not JSON', async () => {
    const response = await inject({ method: 'POST', url: '/people', headers: { ...admin, 'content-type': 'text/plain' }, payload: 'x' });
    expectProblem(response, 415);
  });
});

describe('GET /people/{id}', () => {
  it('404 for an unknown id and for one that is not a uuid', async () => {
    expectProblem(await inject({ method: 'GET', url: `/people/${missingId}` }), 404);
    expectProblem(await inject({ method: 'GET', url: '/people/not-an-id' }), 404);
  });
});

describe('PUT /people/{id}', () => {
  it('200 replacing every detail; id and createdAt stay', async () => {
    const created = (await create()).json();
    const replacement = { ...braund, survived: true, passengerClass: 1, sex: 'other', name: 'Someone Else', age: 0.42 };
    const response = await inject({ method: 'PUT', url: `/people/${created.id}`, headers: admin, payload: replacement });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ...replacement, id: created.id, createdAt: created.createdAt });
    expect((await inject({ method: 'GET', url: `/people/${created.id}` })).json()).toEqual(response.json());
  });

  it('400 for a partial body, 401 without the token, 404 for an unknown id — and the person is unchanged', async () => {
    const created = (await create()).json();
    const url = `/people/${created.id}`;
    expectValidationProblem(await inject({ method: 'PUT', url, headers: admin, payload: { name: 'Only a name' } }), [
      'survived',
      'passengerClass',
      'sex',
      'age',
      'siblingsOrSpousesAboard',
      'parentsOrChildrenAboard',
      'fare',
    ]);
    expectProblem(await inject({ method: 'PUT', url, payload: { ...braund, name: 'Changed' } }), 401);
    expectProblem(await inject({ method: 'PUT', url: `/people/${missingId}`, headers: admin, payload: braund }), 404);
    expect((await inject({ method: 'GET', url })).json()).toEqual(created);
  });
});

describe('DELETE /people/{id}', () => {
  it('204, then 404 on the next delete and on get', async () => {
    const created = (await create()).json();
    const url = `/people/${created.id}`;
    expectProblem(await inject({ method: 'DELETE', url }), 401);
    expect((await inject({ method: 'GET', url })).statusCode).toBe(200);
    const response = await inject({ method: 'DELETE', url, headers: admin });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expectProblem(await inject({ method: 'DELETE', url, headers: admin }), 404);
    expectProblem(await inject({ method: 'GET', url }), 404);
  });
});

describe('GET /people', () => {
  it('200 with an array, newest first, and a Link to the next page while more remain', async () => {
    for (let n = 1; n <= 3; n += 1) await create({ ...braund, name: `Page person ${n}` });
    const first = await inject({ method: 'GET', url: '/people?limit=2' });
    expect(first.statusCode).toBe(200);
    expect(first.json().map((person: { name: string }) => person.name)).toEqual(['Page person 3', 'Page person 2']);
    const link = /^<([^>]+)>; rel="next"$/.exec(first.headers.link as string);
    expect(link?.[1]).toMatch(/^\/people\?limit=2&cursor=/);
    const second = await inject({ method: 'GET', url: link?.[1] as string });
    expect(second.json()[0].name).toBe('Page person 1');
  });

  it('400 for a bad limit or cursor', async () => {
    expectValidationProblem(await inject({ method: 'GET', url: '/people?limit=0' }), ['limit']);
    expectValidationProblem(await inject({ method: 'GET', url: '/people?cursor=%21%21' }), ['cursor']);
  });
});

describe('the OpenAPI document', () => {
  it('describes the people routes with the same body schema that validates them', async () => {
    const document = (await inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/people', '/people/{id}']));
    const body = document.paths['/people'].post.requestBody.content['application/json'].schema;
    expect(body.additionalProperties).toBe(false);
    expect(body.properties.passengerClass).toEqual({ type: 'integer', enum: [1, 2, 3] });
  });
});
