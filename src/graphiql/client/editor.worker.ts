// Monaco's base worker (diffing, word ranges); bundled on its own so it is a same-origin file.
import 'monaco-editor/esm/vs/editor/editor.worker.js';
