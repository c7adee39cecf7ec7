// OpenAPI 3.1 description of REST v2 as this simulator implements it. Written out per endpoint
// rather than generated from the route table, so the test comparing the two means something.

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

interface ParamDoc {
  name: string;
  description: string;
  required?: boolean;
  schema: Json;
}

interface EndpointDoc {
  summary: string;
  params: ParamDoc[];
  data: Json;
  notFound?: boolean;
}

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const text: Json = { type: 'string' };
const bool: Json = { type: ['boolean', 'string'], description: 'true, false, 1 or 0' };
const idParam = (description: string): ParamDoc => ({ name: 'id', description, required: true, schema: { type: ['integer', 'string'] } });
const subscriberParam = (name: string, description: string): ParamDoc => ({ name, description, schema: text });

const ENDPOINTS: Record<string, EndpointDoc> = {
  '/api/v2/numbers/list': { summary: 'List all numbers of the unit, ordered by id', params: [], data: { type: 'array', items: ref('Number') } },
  '/api/v2/numbers/info': { summary: 'One number of the unit', params: [idParam('the ID of the number')], data: ref('Number'), notFound: true },
  '/api/v2/numbers/save': {
    summary: 'Create a number (no id) or update only the fields sent (with id)',
    params: [
      { name: 'id', description: 'the ID of the number (updates only)', schema: { type: ['integer', 'string'] } },
      { name: 'destination_type', description: 'e.g. Menu; with destination_id; both empty clear it', schema: text },
      { name: 'destination_id', description: 'an object id from the unit catalogue', schema: { type: ['integer', 'string'] } },
      { name: 'caller_id_prefix', description: 'empty string clears it to null', schema: text },
      { name: 'recording_enabled', description: 'incoming call recording', schema: bool },
      { name: 'callerid_passthrough', description: 'pass the caller ID when forwarding', schema: bool },
      { name: 'context', description: 'creation only', schema: { type: 'string', enum: ['incoming', 'utility'] } },
      { name: 'number', description: 'creation only: 11-digit UK number', schema: { type: 'string', pattern: '^0[1-9][0-9]{9}$' } },
    ],
    data: ref('Number'),
    notFound: true,
  },
  '/api/v2/numbers/available_prefixes': {
    summary: 'Prefixes numbers can be acquired under, sorted by description',
    params: [],
    data: { type: 'array', items: ref('Prefix') },
  },
  '/api/v2/numbers/acquirable_numbers': {
    summary: 'Numbers available within a prefix (an unknown prefix has none)',
    params: [{ name: 'prefix', description: 'digits, e.g. 01224', required: true, schema: { type: 'string', pattern: '^0[0-9]{2,5}$' } }],
    data: { type: 'array', items: text },
  },
  '/api/v2/numbers/acquire': {
    summary: 'Purchase an available number; the response has no destination key',
    params: [{ name: 'number', description: 'a number from acquirable_numbers', required: true, schema: text }],
    data: ref('AcquiredNumber'),
  },
  '/api/v2/numbers/update_subscriber': {
    summary: 'Set subscriber details; status becomes validation_pending',
    params: [
      idParam('the ID of the number'),
      subscriberParam('first_name', 'first name'),
      subscriberParam('name', 'surname or company name'),
      subscriberParam('address1', 'address line 1'),
      subscriberParam('address2', 'address line 2'),
      subscriberParam('address3', 'address line 3'),
      subscriberParam('address4', 'address line 4'),
      subscriberParam('postcode', 'postcode'),
    ],
    data: ref('Number'),
    notFound: true,
  },
  '/api/v2/numbers/delete': { summary: 'Remove a number from the unit', params: [idParam('the ID of the number')], data: { const: true }, notFound: true },
  '/api/v2/numbers/available_access_numbers': {
    summary: 'Feature access codes',
    params: [],
    data: { type: 'array', items: ref('AccessNumber') },
  },
};

const nullableText: Json = { type: ['string', 'null'] };
const timestamp: Json = { type: 'string', format: 'date-time' };

const NUMBER_PROPERTIES: Record<string, Json> = {
  id: { type: 'integer' },
  number: text,
  context: { type: 'string', enum: ['incoming', 'utility'] },
  created_at: timestamp,
  updated_at: timestamp,
  recording_enabled: { type: 'boolean' },
  caller_id_prefix: nullableText,
  callerid_passthrough: { type: 'boolean' },
  forward_sip_to: nullableText,
  aquisition: ref('Aquisition'),
};

const SUBSCRIBER_PROPERTIES: Record<string, Json> = {
  first_name: nullableText,
  name: nullableText,
  address1: nullableText,
  address2: nullableText,
  address3: nullableText,
  address4: nullableText,
  postcode: nullableText,
  pushed_at: { type: ['string', 'null'], format: 'date-time' },
  status: { type: 'string', enum: ['unknown', 'validation_pending', 'validated', 'rejected'] },
};

const object = (properties: Record<string, Json>): Json => ({ type: 'object', required: Object.keys(properties), properties });

const SCHEMAS: Record<string, Json> = {
  Number: object({ ...NUMBER_PROPERTIES, destination: { oneOf: [{ type: 'null' }, ref('Destination')] } }),
  AcquiredNumber: object(NUMBER_PROPERTIES),
  Aquisition: object({ acquired_at: { type: ['string', 'null'], format: 'date-time' }, subscriber: ref('Subscriber') }),
  Subscriber: object(SUBSCRIBER_PROPERTIES),
  Destination: object({ type: text, object: object({ id: { type: 'integer' }, name: text }) }),
  Prefix: object({ description: text, prefix: text }),
  AccessNumber: object({ number: text, description: text }),
  Error: object({ status: { const: 'error' }, time: { type: 'number' }, flags: { type: 'object' }, message: text }),
};

const errorResponse = (description: string): Json => ({ description, content: { 'application/json': { schema: ref('Error') } } });

function operation(path: string, doc: EndpointDoc, method: 'get' | 'post'): Json {
  const envelope = object({ status: { const: 'success' }, time: { type: 'number' }, flags: { type: 'object' }, data: doc.data });
  const responses: Record<string, Json> = {
    200: { description: 'success envelope', content: { 'application/json': { schema: envelope } } },
    400: errorResponse('validation error or malformed body'),
    401: errorResponse('missing or unknown bearer token'),
    413: errorResponse('body over 64 KB'),
  };
  if (doc.notFound) responses[404] = errorResponse('no such number in this unit');
  const base: { [key: string]: Json } = { operationId: `${method}_${path.split('/').pop() ?? ''}`, summary: doc.summary, responses };
  if (method === 'get') return { ...base, parameters: doc.params.map((param) => ({ in: 'query', ...param, required: param.required ?? false })) };
  const bodySchema: Json = {
    type: 'object',
    required: doc.params.filter((param) => param.required).map((param) => param.name),
    properties: Object.fromEntries(doc.params.map((param) => [param.name, param.schema])),
  };
  return {
    ...base,
    requestBody: {
      required: false,
      content: { 'application/x-www-form-urlencoded': { schema: bodySchema }, 'application/json': { schema: bodySchema } },
    },
  };
}

export function openApiDocument(): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'REST v2 numbers API (simulator)',
      version: '2.0.0-simulator',
      description: 'Parameters are also accepted in the query string on POST and in a body on GET; body wins.',
    },
    security: [{ bearer: [] }],
    paths: Object.fromEntries(Object.entries(ENDPOINTS).map(([path, doc]) => [path, { get: operation(path, doc, 'get'), post: operation(path, doc, 'post') }])),
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } }, schemas: SCHEMAS },
  };
}
