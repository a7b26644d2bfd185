// Declared in the leaf src/printable.ts, which the store's messages use too; the output side imports it from here.
export * from '../printable.js';
