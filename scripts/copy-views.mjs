// tsc compiles TypeScript only; the page templates and stylesheet travel beside the compiled HTTP adapter.
import { cpSync } from 'node:fs';

cpSync('adapters/http/views', 'dist/adapters/http/views', { recursive: true });
