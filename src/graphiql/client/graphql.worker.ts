// Validation and autocompletion of operations against the introspected schema.
import 'monaco-graphql/esm/graphql.worker.js';
