import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../src/config.js';

const ENDPOINT = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };

describe('tracing configuration (OTEL_* variables)', () => {
  it('is off without an endpoint, whatever else is set', () => {
    expect(loadConfig({}).tracing).toBeUndefined();
    expect(loadConfig({ OTEL_SERVICE_NAME: 'x', OTEL_TRACES_SAMPLER: 'always_on' }).tracing).toBeUndefined();
  });

  it('is off when OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none, even with an endpoint', () => {
    expect(loadConfig({ ...ENDPOINT, OTEL_SDK_DISABLED: 'TRUE' }).tracing).toBeUndefined();
    expect(loadConfig({ ...ENDPOINT, OTEL_TRACES_EXPORTER: 'none' }).tracing).toBeUndefined();
    expect(loadConfig({ ...ENDPOINT, OTEL_SDK_DISABLED: 'false' }).tracing).toBeDefined();
  });

  it("has the specification's defaults, with the gateway as the service", () => {
    expect(loadConfig(ENDPOINT).tracing).toEqual({
      url: 'http://collector:4318/v1/traces',
      protocol: 'http/protobuf',
      headers: {},
      timeoutMs: 10_000,
      compression: 'none',
      serviceName: 'numbers-gateway',
      resourceAttributes: {},
      sampler: 'parentbased_always_on',
      samplerRatio: 1,
      batch: { scheduledDelayMs: 5000, exportTimeoutMs: 30_000, maxQueueSize: 2048, maxExportBatchSize: 512 },
    });
  });

  it('appends v1/traces to the base endpoint and uses the traces endpoint as it is', () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example.test/base/' }).tracing?.url).toBe('https://otel.example.test/base/v1/traces');
    expect(loadConfig({ ...ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example.test/custom' }).tracing?.url).toBe(
      'https://traces.example.test/custom',
    );
  });

  it('lets the per-signal variables win over the general ones', () => {
    const tracing = loadConfig({
      ...ENDPOINT,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_HEADERS: 'a=1,b=2',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'b=3',
      OTEL_EXPORTER_OTLP_TIMEOUT: '2000',
      OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '3000',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'none',
      OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: 'gzip',
    }).tracing;
    expect([tracing?.protocol, tracing?.headers, tracing?.timeoutMs, tracing?.compression]).toEqual(['http/json', { a: '1', b: '3' }, 3000, 'gzip']);
  });

  it('decodes headers and resource attributes; OTEL_SERVICE_NAME wins over service.name', () => {
    const tracing = loadConfig({
      ...ENDPOINT,
      OTEL_EXPORTER_OTLP_HEADERS: ' Authorization = Basic%20dXNlcg%3D%3D , x-tenant=a%2Cb ',
      OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attributes,deployment.environment.name=prod,service.version=1.2.3',
      OTEL_SERVICE_NAME: 'edge',
    }).tracing;
    expect(tracing?.headers).toEqual({ Authorization: 'Basic dXNlcg==', 'x-tenant': 'a,b' });
    expect([tracing?.serviceName, tracing?.resourceAttributes]).toEqual([
      'edge',
      { 'service.name': 'from-attributes', 'deployment.environment.name': 'prod', 'service.version': '1.2.3' },
    ]);
    expect(loadConfig({ ...ENDPOINT, OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attributes' }).tracing?.serviceName).toBe('from-attributes');
  });

  it('takes the ratio of the ratio samplers and caps a batch at the queue size, as the SDK would', () => {
    const tracing = loadConfig({
      ...ENDPOINT,
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
      OTEL_BSP_MAX_QUEUE_SIZE: '100',
    }).tracing;
    expect([tracing?.sampler, tracing?.samplerRatio, tracing?.batch.maxExportBatchSize]).toEqual(['parentbased_traceidratio', 0.25, 100]);
  });

  it.each([
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'collector:4318', /OTEL_EXPORTER_OTLP_ENDPOINT="collector:4318"/],
    ['OTEL_EXPORTER_OTLP_PROTOCOL', 'grpc', /grpc is not supported: use the collector's OTLP\/HTTP port, 4318/],
    ['OTEL_TRACES_SAMPLER', 'jaeger_remote', /OTEL_TRACES_SAMPLER="jaeger_remote": one of always_on/],
    ['OTEL_TRACES_SAMPLER_ARG', '1.5', /OTEL_TRACES_SAMPLER_ARG="1.5"/],
    ['OTEL_RESOURCE_ATTRIBUTES', 'team', /OTEL_RESOURCE_ATTRIBUTES="team": expected comma-separated key=value pairs/],
    ['OTEL_BSP_SCHEDULE_DELAY', '0', /OTEL_BSP_SCHEDULE_DELAY="0"/],
    ['OTEL_SDK_DISABLED', 'yes', /OTEL_SDK_DISABLED="yes"/],
  ])('fails at start naming %s=%s', (name, value, message) => {
    expect(() => loadConfig({ ...ENDPOINT, [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...ENDPOINT, [name]: value })).toThrow(message);
  });

  it('names a malformed header list without echoing it (it usually holds an API key)', () => {
    for (const value of ['x-api-key', 'x-api-key=%zz-s3cret', 'bad header=s3cret', 'x-api-key=s3cret%0A']) {
      expect(() => loadConfig({ ...ENDPOINT, OTEL_EXPORTER_OTLP_HEADERS: value })).toThrow(
        /OTEL_EXPORTER_OTLP_HEADERS \(value not shown\): expected comma-separated header=value pairs/,
      );
      expect(() => loadConfig({ ...ENDPOINT, OTEL_EXPORTER_OTLP_HEADERS: value })).not.toThrow(/s3cret|x-api-key/);
    }
  });
});
