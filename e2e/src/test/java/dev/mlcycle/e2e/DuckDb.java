package dev.mlcycle.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SQL over Parquet files with DuckDB in Node.js ({@code src/test/node/duckdb-query.js}): an independent
 * reader of the lake, sharing no code with the Java writer. Each named table is a view over
 * {@code read_parquet(files, filename = true, file_row_number = true)}.
 *
 * <pre>{@code
 * JsonNode r = DuckDb.over("events", files).query("n", "SELECT count(*) AS n FROM events").run();
 * long n = r.get("n").get(0).get("n").asLong();
 * }</pre>
 */
final class DuckDb {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, List<String>> tables = new LinkedHashMap<>();
    private final Map<String, String> queries = new LinkedHashMap<>();
    private Duration timeout = Duration.ofMinutes(2);

    private DuckDb() {}

    /** A session with no tables yet. */
    static DuckDb session() {
        return new DuckDb();
    }

    /** A session with one view, {@code table}, over {@code files}. */
    static DuckDb over(String table, Collection<Path> files) {
        return new DuckDb().table(table, files);
    }

    DuckDb table(String name, Collection<Path> files) {
        tables.put(name, files.stream().map(p -> p.toAbsolutePath().toString()).toList());
        return this;
    }

    DuckDb query(String name, String sql) {
        queries.put(name, sql);
        return this;
    }

    DuckDb timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** Runs every query; the answer maps each query's name to its rows (64-bit numbers as text). */
    JsonNode run() {
        try {
            ObjectNode request = JSON.createObjectNode();
            request.set("tables", JSON.valueToTree(tables));
            request.set("queries", JSON.valueToTree(queries));
            Path file = Files.createTempFile("duckdb-request", ".json");
            JSON.writeValue(file.toFile(), request);
            Processes.Result r = Processes.run(
                    Processes.NODE_DIR, Map.of(), timeout, List.of("node", "duckdb-query.js", file.toString()));
            Files.deleteIfExists(file);
            if (r.exitCode() != 0) {
                throw new AssertionError("DuckDB failed (status " + r.exitCode() + "):\n" + r.output());
            }
            String out = r.output().strip();
            return JSON.readTree(out.substring(out.lastIndexOf('\n') + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A query for the rows of {@code view} that come before the previous row of their file in the
     * lexicographic order of {@code columns} (ascending; the columns must not be null): empty if and only
     * if every file is sorted. Each row shows the file, its row number, its values and the previous ones
     * ({@code prev_<column>}).
     */
    static String outOfOrderRows(String view, List<String> columns) {
        StringBuilder select = new StringBuilder("filename, file_row_number");
        StringBuilder lags = new StringBuilder();
        for (String c : columns) {
            select.append(", ").append(c).append(", prev_").append(c);
            lags.append(", lag(").append(c).append(") OVER w AS prev_").append(c);
        }
        // (c1 < p1) OR (c1 = p1 AND ((c2 < p2) OR (c2 = p2 AND (...))))
        String before = "";
        for (int i = columns.size() - 1; i >= 0; i--) {
            String c = columns.get(i);
            String less = c + " < prev_" + c;
            before = before.isEmpty() ? less : "(" + less + " OR (" + c + " = prev_" + c + " AND " + before + "))";
        }
        return "SELECT " + select + " FROM (SELECT *" + lags + " FROM " + view
                + " WINDOW w AS (PARTITION BY filename ORDER BY file_row_number))"
                + " WHERE prev_" + columns.get(0) + " IS NOT NULL AND " + before;
    }

    /** The single value of a one-row, one-column answer, as a long. */
    static long single(JsonNode answer, String query) {
        JsonNode rows = answer.get(query);
        if (rows == null || rows.size() != 1 || rows.get(0).size() != 1) {
            throw new AssertionError("query " + query + ": expected one row with one column, got " + rows);
        }
        return rows.get(0).elements().next().asLong();
    }
}
