import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

/** Asserts an RFC 9457 problem document with this status, and returns it for further checks. */
export function expectProblem(response: LightMyRequestResponse, status: number): ProblemBody {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json<ProblemBody>();
  expect(body).toEqual(
    expect.objectContaining({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) }),
  );
  expect(body.detail.length).toBeGreaterThan(0);
  return body;
}

/** Asserts a 400 problem whose `errors` name exactly these fields, each with a message. */
export function expectValidationProblem(response: LightMyRequestResponse, fields: readonly string[]): ProblemBody {
  const body = expectProblem(response, 400);
  expect(body.errors).toBeDefined();
  for (const issue of body.errors ?? []) expect(issue.message.length).toBeGreaterThan(0);
  expect([...new Set((body.errors ?? []).map((issue) => issue.field))].sort()).toEqual([...fields].sort());
  return body;
}
