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

  it('keeps the fields a partial body leaves out, as seed 004 did', async () => {
    const created = (await create()).json();
    const url = `/people/${created.id}`;
    const response = await inject({ method: 'PUT', url, headers: admin, payload: { name: 'Alex' } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ...created, name: 'Alex' });
    expect((await inject({ method: 'GET', url })).json()).toEqual({ ...created, name: 'Alex' });
  });

  it('400 for a bad or unknown field or a null, 401 without the token — and the person is unchanged', async () => {
    const created = (await create()).json();
    const url = `/people/${created.id}`;
    await expectNothingWritten(testApp, ['person'], async () => {
      expectValidationProblem(await inject({ method: 'PUT', url, headers: admin, payload: { age: '20', nickname: 'x' } }), [
        'age',
        'nickname',
      ]);
      expectValidationProblem(await inject({ method: 'PUT', url, headers: admin, payload: { survived: null } }), ['survived']);
      expectProblem(await inject({ method: 'PUT', url, payload: { ...braund, name: 'Changed' } }), 401);
    });
    expect((await inject({ method: 'GET', url })).json()).toEqual(created);
  });

  it('404 for an unknown id before any rule about the body', async () => {
    for (const payload of [braund, { name: 'Alex' }, { age: '20', nickname: 'x' }, []]) {
      expectProblem(await inject({ method: 'PUT', url: `/people/${missingId}`, headers: admin, payload }), 404);
    }
  });
});

describe('PATCH /people/{id} (JSON Merge Patch)', () => {
  const patch = (url: string, body: unknown, contentType = 'application/merge-patch+json') =>
    inject({ method: 'PATCH', url, headers: { ...admin, 'content-type': contentType }, payload: JSON.stringify(body) });

  it('changes the fields given, keeps the rest, as application/merge-patch+json and as plain JSON', async () => {
    const created = (await create({ ...braund, survived: true })).json();
    const url = `/people/${created.id}`;
    const first = await patch(url, { name: 'Alex', age: 23 });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ ...created, name: 'Alex', age: 23 });
    const second = await patch(url, { fare: 8.05 }, 'application/json');
    expect(second.json()).toEqual({ ...created, name: 'Alex', age: 23, fare: 8.05 });
    expect((await inject({ method: 'GET', url })).json()).toEqual(second.json());
  });

  it('null removes a value: survived goes back to its default, false; a field without a default is then required', async () => {
    const created = (await create({ ...braund, survived: true })).json();
    const url = `/people/${created.id}`;
    expect((await patch(url, { survived: null })).json()).toEqual({ ...created, survived: false });
    await expectNothingWritten(testApp, ['person'], async () => {
      expectValidationProblem(await patch(url, { name: null, age: null }), ['name', 'age']);
      expectValidationProblem(await patch(url, { sex: 'unknown', nickname: 'x' }), ['sex', 'nickname']);
    });
  });

  it('keeps every change when clients patch different fields of one person at once', async () => {
    const url = `/people/${(await create()).json().id}`;
    const changes = { survived: true, passengerClass: 1, name: 'Alex', sex: 'other', age: 40, siblingsOrSpousesAboard: 2, parentsOrChildrenAboard: 3, fare: 99.5 };

    const answers = await Promise.all(Object.entries(changes).map(([field, value]) => patch(url, { [field]: value })));

    expect(answers.map((answer) => answer.statusCode)).toEqual(Object.values(changes).map(() => 200));
    expect((await inject({ method: 'GET', url })).json()).toMatchObject(changes);
  });

  it('404 for an unknown id before any rule about the body; 401 without the token; 415 for another media type', async () => {
    expectProblem(await patch(`/people/${missingId}`, { name: null, nickname: 1 }), 404);
    const url = `/people/${(await create()).json().id}`;
    expectProblem(await inject({ method: 'PATCH', url, payload: { name: 'Alex' } }), 401);
    expectProblem(await inject({ method: 'PATCH', url, headers: { ...admin, 'content-type': 'text/plain' }, payload: 'x' }), 415);
  });
});

describe('people fields', () => {
  it('survived defaults to false when a new person leaves it out', async () => {
    const withoutSurvived: Record<string, unknown> = { ...braund, survived: true };
    delete withoutSurvived.survived;
    const response = await create(withoutSurvived);
    expect(response.statusCode).toBe(201);
    expect(response.json().survived).toBe(false);
  });

  it('a name may have 100 characters, not 101, on create and on change', async () => {
    const created = await create({ ...braund, name: 'n'.repeat(100) });
    expect(created.statusCode).toBe(201);
    await expectNothingWritten(testApp, ['person'], async () => {
      expectValidationProblem(await create({ ...braund, name: 'n'.repeat(101) }), ['name']);
      const url = `/people/${created.json().id}`;
      expectValidationProblem(await inject({ method: 'PUT', url, headers: admin, payload: { name: 'n'.repeat(101) } }), ['name']);
    });
  });
});

describe('bodiless requests sent with Content-Type: application/json', () => {
  const json = { 'content-type': 'application/json' };

  it('DELETE deletes (204) and GET reads, as seed 004 clients send them', async () => {
    const url = `/people/${(await create()).json().id}`;
    expect((await inject({ method: 'GET', url, headers: json })).statusCode).toBe(200);
    expect((await inject({ method: 'GET', url: '/people', headers: json })).statusCode).toBe(200);
    const deleted = await inject({ method: 'DELETE', url, headers: { ...admin, ...json } });
    expect(deleted.statusCode).toBe(204);
    expectProblem(await inject({ method: 'GET', url, headers: json }), 404);
  });

  it('a route that needs a body still refuses a missing one as a 400 naming the body, and writes nothing', async () => {
    await expectNothingWritten(testApp, ['person'], async () => {
      const response = await inject({ method: 'POST', url: '/people', headers: { ...admin, ...json } });
      expectValidationProblem(response, ['body']);
    });
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
