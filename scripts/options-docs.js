// Writes docs/options.md from the option table (src/options/table.ts), after `npm run build`.
import { writeFileSync } from 'node:fs';
import { optionsMarkdown } from '../dist/options/docs.js';

writeFileSync(new URL('../docs/options.md', import.meta.url), optionsMarkdown());
