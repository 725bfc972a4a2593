package dev.mlcycle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The independent lake reader checks what the e2e tests claim: DuckDB writes one sorted and one broken
 * Parquet file, and {@link DuckDb#outOfOrderRows} must find exactly the broken row, per file.
 */
class DuckDbIT {
    @TempDir
    Path dir;

    @Test
    void findsExactlyTheRowsOutOfOrderWithinEachFile() {
        Path sorted = dir.resolve("sorted.parquet");
        Path broken = dir.resolve("broken.parquet");
        String rows =
                """
                SELECT * FROM (VALUES
                  ('east',  'retired',  TIMESTAMPTZ '2026-01-01 10:00:00+00'),
                  ('east',  'salaried', TIMESTAMPTZ '2026-01-01 09:00:00+00'),
                  ('east',  'salaried', TIMESTAMPTZ '2026-01-01 11:00:00+00'),
                  ('north', 'retired',  TIMESTAMPTZ '2026-01-01 08:00:00+00'),
                  ('north', 'student',  TIMESTAMPTZ '2026-01-01 07:00:00+00'))
                  AS t(region, employment, event_time)""";
        // The broken file swaps the 2nd and 3rd rows (same region and employment, later time first) and
        // ends with a region that sorts before the previous one.
        String brokenRows =
                """
                SELECT * FROM (VALUES
                  ('east',  'retired',  TIMESTAMPTZ '2026-01-01 10:00:00+00'),
                  ('east',  'salaried', TIMESTAMPTZ '2026-01-01 11:00:00+00'),
                  ('east',  'salaried', TIMESTAMPTZ '2026-01-01 09:00:00+00'),
                  ('north', 'student',  TIMESTAMPTZ '2026-01-01 07:00:00+00'),
                  ('central', 'student',  TIMESTAMPTZ '2026-01-01 07:00:00+00'))
                  AS t(region, employment, event_time)""";
        DuckDb.session()
                .query("a", "COPY (" + rows + ") TO '" + sorted + "' (FORMAT parquet, COMPRESSION zstd)")
                .query("b", "COPY (" + brokenRows + ") TO '" + broken + "' (FORMAT parquet, COMPRESSION zstd)")
                .run();

        List<String> key = List.of("region", "employment", "event_time");
        String bad = DuckDb.outOfOrderRows("events", key);
        JsonNode r = DuckDb.over("events", List.of(sorted, broken))
                .query("bad", bad + " ORDER BY filename, file_row_number")
                .run();
        assertThat(r.get("bad")).hasSize(2);
        assertThat(r.get("bad").get(0).get("filename").asText()).isEqualTo(broken.toString());
        assertThat(r.get("bad").get(0).get("file_row_number").asLong()).isEqualTo(2);
        assertThat(r.get("bad").get(1).get("file_row_number").asLong()).isEqualTo(4);
        assertThat(r.get("bad").get(1).get("prev_region").asText()).isEqualTo("north");
    }
}
