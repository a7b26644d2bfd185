// Writes docs/options.md and the README's flag block from the option table (src/options/table.ts),
// after `npm run build`.
import { readFileSync, writeFileSync } from 'node:fs';
import { DOCS_END, DOCS_START, optionsMarkdown } from '../dist/options/docs.js';

const markdown = optionsMarkdown();
writeFileSync(new URL('../docs/options.md', import.meta.url), markdown);

const readmeUrl = new URL('../README.md', import.meta.url);
const readme = readFileSync(readmeUrl, 'utf8');
const start = readme.indexOf(DOCS_START);
const end = readme.indexOf(DOCS_END);
if (start < 0 || end < start) throw new Error(`README.md: no ${DOCS_START} … ${DOCS_END} block`);
writeFileSync(readmeUrl, `${readme.slice(0, start + DOCS_START.length)}\n${markdown}${readme.slice(end)}`);
