// Shared assertions for RFC 9457 problem responses, so every route test checks the same contract.
import { expect } from 'vitest';

type JsonResponse = { status: number; contentType: string; body: any };

/** Asserts a problem+json answer with the contract's members and nothing leaked; returns the body. */
export function expectProblem(response: JsonResponse, status: number, instancePath?: string) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.contentType).toMatch(/^application\/problem\+json/);
  const body = response.body;
  expect(body).toMatchObject({
    type: expect.stringMatching(/^https?:\/\/\S+$/),
    title: expect.any(String),
    status,
    detail: expect.any(String),
    instance: expect.any(String),
  });
  expect(body.title.length).toBeGreaterThan(0);
  expect(body.detail.length).toBeGreaterThan(0);
  if (instancePath) expect(body.instance.split('?')[0]).toBe(instancePath);
  expect(Object.keys(body).sort()).toEqual(
    ['detail', 'instance', 'status', 'title', 'type', ...(body.errors ? ['errors'] : [])].sort(),
  );
  const raw = JSON.stringify(body);
  expect(raw).not.toMatch(/\bstack\b|\n\s+at |SQLITE_|\bSELECT\b|\bFROM\s+"?\w+"?\s+WHERE\b|node_modules|\.ts:\d+/);
  return body as {
    type: string;
    title: string;
    status: number;
    detail: string;
    instance: string;
    errors?: Array<{ path: string; message: string }>;
  };
}

/** Asserts a 400 whose `errors` name exactly these paths (in any order, each with a message). */
export function expectInvalid(response: JsonResponse, paths: string[]) {
  const body = expectProblem(response, 400);
  expect(body.errors, 'a 400 names the offending fields').toBeDefined();
  for (const error of body.errors!) expect(error.message.length).toBeGreaterThan(0);
  expect([...new Set(body.errors!.map((e) => e.path))].sort()).toEqual([...paths].sort());
  return body;
}
