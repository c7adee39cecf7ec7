/** `npm run schema:print`: writes schema.graphql (see ./schema-artifact.ts). */
import { writeFileSync } from 'node:fs';
import { SCHEMA_ARTIFACT_PATH, renderSchemaArtifact } from './schema-artifact.js';

writeFileSync(SCHEMA_ARTIFACT_PATH, renderSchemaArtifact());
console.log(`wrote ${SCHEMA_ARTIFACT_PATH}`);
