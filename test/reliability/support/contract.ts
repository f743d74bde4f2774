// The OpenAPI document as a checkable contract: its operations, and whether a response is one it declares
// (status, media type, body schema via ajv's JSON Schema 2020-12 draft, problem+json for every error).
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { LightMyRequestResponse } from 'fastify';

export type JsonSchema = Record<string, any>;
export type OpenApiDocument = {
  paths: Record<string, Record<string, any>>;
  components: { schemas: Record<string, JsonSchema> };
};

export type Parameter = { name: string; in: 'path' | 'query' | 'header'; required: boolean; schema: JsonSchema };

export type Operation = {
  /** "GET /v1/actors/{id}" */
  key: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  parameters: Parameter[];
  /** The application/json request body schema, when the operation takes a body. */
  body?: JsonSchema;
  secured: boolean;
  responses: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
};

const COMPONENTS_ID = 'urn:eventkg:components';

/** `#/components/schemas/X` -> a ref into the registered components schema, everywhere in `value`. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [
      key,
      key === '$ref' && typeof child === 'string'
        ? child.replace('#/components/schemas/', `${COMPONENTS_ID}#/$defs/`)
        : rewriteRefs(child),
    ]),
  );
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (!['get', 'post', 'patch', 'put', 'delete'].includes(method)) continue;
      // An event stream never ends, so inject could not read it whole: test/routes/v1/change-stream.test.ts tests it over a socket.
      if (op.responses?.['200']?.content?.['text/event-stream']) continue;
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase() as Operation['method'],
        path,
        parameters: (op.parameters ?? []).map((p: any) => ({
          name: p.name,
          in: p.in,
          required: Boolean(p.required),
          schema: p.schema ?? {},
        })),
        body: op.requestBody?.content?.['application/json']?.schema,
        secured: Array.isArray(op.security) && op.security.length > 0,
        responses: op.responses ?? {},
      });
    }
  }
  return operations;
}

/** Follows `$ref`s to the component they name. */
export function resolve(document: OpenApiDocument, schema: JsonSchema | undefined): JsonSchema {
  let current = schema ?? {};
  for (let depth = 0; current.$ref && depth < 20; depth++) {
    const { $ref, ...rest } = current;
    current = { ...document.components.schemas[String($ref).replace('#/components/schemas/', '')], ...rest };
  }
  return current;
}

const PROBLEM_MEMBERS = ['type', 'title', 'status', 'detail', 'instance'] as const;

export class Contract {
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly document: OpenApiDocument) {
    // Not strict: the document carries OpenAPI's `example` keyword next to the JSON Schema ones.
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    this.ajv.addFormat('uri', (value: string) => URL.canParse(value));
    this.ajv.addSchema({ $id: COMPONENTS_ID, $defs: rewriteRefs(document.components.schemas) as object });
  }

  private validator(operation: Operation, status: string, mediaType: string, schema: JsonSchema): ValidateFunction {
    const key = `${operation.key} ${status} ${mediaType}`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(rewriteRefs(schema) as object);
      this.validators.set(key, validate);
    }
    return validate;
  }

  /** Everything about `response` the document does not allow for `operation`; empty when it conforms. */
  violations(
    operation: Operation,
    response: Pick<LightMyRequestResponse, 'statusCode' | 'headers' | 'body'>,
  ): string[] {
    const status = response.statusCode;
    const problems: string[] = [];
    if (status >= 500) problems.push(`a ${status}`);
    const declared =
      operation.responses[String(status)] ??
      operation.responses[`${String(status)[0]}XX`] ??
      operation.responses.default;
    if (!declared)
      return [
        ...problems,
        `status ${status} is not declared (declared: ${Object.keys(operation.responses).join(', ')})`,
      ];

    const contentType = String(response.headers['content-type'] ?? '');
    const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
    const content = declared.content ?? {};
    const mediaTypes = Object.keys(content);
    if (mediaTypes.length === 0) {
      if (response.body !== '')
        problems.push(
          `status ${status} declares no body but one was sent (${contentType}): ${response.body.slice(0, 200)}`,
        );
      return problems;
    }
    if (!mediaTypes.includes(mediaType)) {
      return [
        ...problems,
        `Content-Type "${contentType}" is not declared for ${status} (declared: ${mediaTypes.join(', ')})`,
      ];
    }
    // Non-JSON representations (CSV exports, ...) are declared as strings: nothing more to check here.
    if (!/[/+]json$/.test(mediaType)) return problems;
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      return [...problems, `body of a ${mediaType} ${status} is not JSON: ${response.body.slice(0, 200)}`];
    }
    const schema = content[mediaType]?.schema;
    if (schema) {
      const validate = this.validator(operation, String(status), mediaType, schema);
      if (!validate(body)) {
        const errors = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}`);
        problems.push(`body does not match the ${status} schema: ${errors.join('; ')}`);
      }
    }
    if (status >= 400) {
      if (mediaType !== 'application/problem+json')
        problems.push(`a ${status} sent as ${mediaType}, not application/problem+json`);
      const problem = body as Record<string, unknown>;
      for (const member of PROBLEM_MEMBERS) {
        const expected = member === 'status' ? 'number' : 'string';
        if (typeof problem?.[member] !== expected)
          problems.push(`problem member "${member}" missing or not a ${expected}`);
      }
      if (problem?.status !== status)
        problems.push(`problem status ${String(problem?.status)} differs from the HTTP status ${status}`);
    }
    return problems;
  }
}
