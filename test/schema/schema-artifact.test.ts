import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { buildSchema } from 'graphql';
import { SCHEMA_ARTIFACT_PATH, renderSchemaArtifact } from '../../scripts/schema-artifact.js';

describe('schema.graphql', () => {
  it('is what schema/*.graphql prints: run `npm run schema:print` after changing the schema', () => {
    expect(readFileSync(SCHEMA_ARTIFACT_PATH, 'utf8')).toBe(renderSchemaArtifact());
  });

  it('builds on its own, with descriptions, as a frontend tool would read it', () => {
    const schema = buildSchema(readFileSync(SCHEMA_ARTIFACT_PATH, 'utf8'));
    expect(schema.getQueryType()?.getFields().numbers?.description).toBeTruthy();
    expect(schema.getMutationType()?.getFields().acquireNumber).toBeDefined();
  });
});
