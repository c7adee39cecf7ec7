// Validation and completion in the Variables and Headers editors.
import 'monaco-editor/esm/vs/language/json/json.worker.js';
