#!/usr/bin/env node
/**
 * The benchmark's second peer: what an analyst does with DuckDB's node API for the same four answers
 * the sqlite3 shell gives — `read_csv` the three files into tables of a database file, then count
 * the contacts with no owner, an inactive owner, an unknown owner, and an owner other than their
 * account's. Its own process, so that bench/run.js times and measures it like the other two.
 *
 *   node bench/duckdbPeer.js DIR DB      # prints the four counts
 *   node bench/duckdbPeer.js --check     # exit 0 when @duckdb/node-api loads here
 */
let DuckDBInstance;
try {
  ({ DuckDBInstance } = await import('@duckdb/node-api'));
} catch (error) {
  console.error(`@duckdb/node-api is not available (${error.message.split('\n')[0]})`);
  process.exit(3);
}
if (process.argv[2] === '--check') process.exit(0);

const [dir, db] = process.argv.slice(2);
const instance = await DuckDBInstance.create(db);
const connection = await instance.connect();
const file = (name) => `'${`${dir}/${name}`.replace(/'/g, "''")}'`;
await connection.run(`CREATE TABLE users AS SELECT * FROM read_csv(${file('User.csv')})`);
await connection.run(`CREATE TABLE accounts AS SELECT * FROM read_csv(${file('Account.csv')})`);
await connection.run(`CREATE TABLE contacts AS SELECT * FROM read_csv(${file('Contact.csv')})`);
// read_csv types the columns: an empty cell is NULL (so IS DISTINCT FROM where the shell compares
// two empty strings as equal), IsActive a boolean.
const counts = [];
for (const sql of [
  'SELECT count(*) FROM contacts WHERE OwnerId IS NULL',
  'SELECT count(*) FROM contacts c JOIN users u ON u.Id = c.OwnerId WHERE NOT u.IsActive',
  'SELECT count(*) FROM contacts c LEFT JOIN users u ON u.Id = c.OwnerId WHERE c.OwnerId IS NOT NULL AND u.Id IS NULL',
  'SELECT count(*) FROM contacts c JOIN accounts a ON a.Id = c.AccountId WHERE a.OwnerId IS DISTINCT FROM c.OwnerId',
]) {
  counts.push(String((await connection.runAndReadAll(sql)).getRows()[0][0]));
}
connection.closeSync();
instance.closeSync();
console.log(counts.join('\n'));
