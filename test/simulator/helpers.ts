import { expect } from '@jest/globals';
import type { Simulator } from '../../src/simulator/index.js';
import type { NumberRecord } from '../../src/simulator/model.js';

export const TOKEN_A = 'demo-token-a';
export const TOKEN_B = 'demo-token-b';

export interface ApiRequest {
  token?: string | null;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  query?: Record<string, string>;
  form?: Record<string, string>;
  json?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface ApiResponse {
  status: number;
  contentType: string | null;
  text: string;
  body: unknown;
}

/** The documented item shape, as the tests read it back: the simulator's own record type. */
export type NumberItem = NumberRecord;

/** Calls /api/v2/numbers/<endpoint> as demo unit a unless told otherwise. */
export async function call(sim: Simulator, endpoint: string, request: ApiRequest = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...request.headers };
  const token = request.token === undefined ? TOKEN_A : request.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (request.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(request.form).toString();
  } else if (request.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = typeof request.json === 'string' ? request.json : JSON.stringify(request.json);
  }
  const query = request.query === undefined ? '' : `?${new URLSearchParams(request.query).toString()}`;
  const method = request.method ?? (body === undefined ? 'GET' : 'POST');
  const init: RequestInit = { method, headers, ...(body === undefined ? {} : { body }) };
  if (request.signal !== undefined) init.signal = request.signal;
  const response = await fetch(`${sim.url}/api/v2/numbers/${endpoint}${query}`, init);
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Non-JSON bodies (the non-json fault) are checked through `text`.
  }
  return { status: response.status, contentType: response.headers.get('content-type'), text, body: parsed };
}

/** The `data` of a success envelope; fails the test with the body when it is not one. */
export async function data<T>(sim: Simulator, endpoint: string, request: ApiRequest = {}): Promise<T> {
  const response = await call(sim, endpoint, request);
  const body = response.body as { status?: string; data?: T } | undefined;
  if (response.status !== 200 || body?.status !== 'success') {
    throw new Error(`${endpoint} answered ${response.status}: ${response.text}`);
  }
  return body.data as T;
}

/** The simulator's error envelope with this message (exact string or pattern). */
export function errorEnvelope(message: string | RegExp): unknown {
  return {
    status: 'error',
    time: expect.any(Number),
    flags: {},
    message: typeof message === 'string' ? message : expect.stringMatching(message),
  };
}

export const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
