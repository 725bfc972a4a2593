// An independent reader of the lake's Parquet files: DuckDB (C++), no Iceberg, no Java.
// Usage: node duckdb-query.js <request.json>
// The request is {"tables": {"<view>": ["/abs/file.parquet", ...]}, "queries": {"<name>": "<sql>"}}.
// Each table becomes a view over read_parquet(files, filename=true, file_row_number=true) (no Hive
// partition columns from the directory names: the files as they are), so a query
// can see which file a row came from and its position in that file. Prints one JSON object,
// {"<name>": [row objects], ...}, with 64-bit integers and decimals as strings, timestamps as ISO
// text. Exits 1 with the error on stderr if any query fails. The session time zone is UTC.
const fs = require('fs');
const { DuckDBInstance } = require('@duckdb/node-api');

function quote(text) {
  return "'" + String(text).replace(/'/g, "''") + "'";
}

function identifier(name) {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new Error(`table name ${JSON.stringify(name)}: expected letters, digits and underscores`);
  }
  return name;
}

async function main() {
  const [requestFile] = process.argv.slice(2);
  if (!requestFile) {
    console.error('usage: node duckdb-query.js <request.json>');
    process.exit(2);
  }
  const request = JSON.parse(fs.readFileSync(requestFile, 'utf8'));
  const db = await DuckDBInstance.create(':memory:', { threads: String(request.threads || 2) });
  const connection = await db.connect();
  await connection.run("SET TimeZone = 'UTC'");
  for (const [name, files] of Object.entries(request.tables || {})) {
    if (!Array.isArray(files) || files.length === 0) {
      throw new Error(`table ${name}: expected a non-empty list of Parquet files`);
    }
    const list = '[' + files.map(quote).join(', ') + ']';
    await connection.run(
      `CREATE VIEW ${identifier(name)} AS SELECT * FROM read_parquet(${list}, filename = true, file_row_number = true, hive_partitioning = false)`
    );
  }
  const out = {};
  for (const [name, sql] of Object.entries(request.queries || {})) {
    try {
      const reader = await connection.runAndReadAll(sql);
      out[name] = reader.getRowObjectsJson();
    } catch (e) {
      throw new Error(`query ${name} failed: ${e.message}\n${sql}`);
    }
  }
  connection.closeSync();
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
