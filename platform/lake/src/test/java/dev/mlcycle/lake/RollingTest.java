package dev.mlcycle.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollingTest {
    /** A file may pass the target by up to 16 rows and its footer; see SortedFileWriter. */
    static final long SLACK_BYTES = 16 << 10;

    @TempDir
    Path dir;

    @Test
    void aSmallTargetGivesSeveralSortedFilesPerPartitionEachWithinTheTarget() {
        long target = 64 << 10;
        try (Lake lake = Lake.open(dir)) {
            LakeTable table = lake.table(Credit.spec(dir), TableKind.EVENTS);
            try (TableWriter w = table.writer(WriterOptions.defaults().withTargetFileBytes(target))) {
                WrittenFiles files = w.write(Credit.rows(table, Credit.events("e", 20_000, 2, 3)));
                w.commit(files, List.of(Credit.range(0, 0, 20_000)));
            }
            List<LiveFile> live = table.liveFiles(OptionalLong.empty());

            Map<String, Long> perPartition =
                    live.stream().collect(Collectors.groupingBy(LiveFile::partition, Collectors.counting()));
            assertThat(perPartition).hasSize(2);
            assertThat(perPartition.values()).allMatch(n -> n >= 3);
            assertThat(live).allSatisfy(f -> assertThat(f.bytes()).isLessThanOrEqualTo(target + SLACK_BYTES));
            assertThat(live.stream().mapToLong(LiveFile::rows).sum()).isEqualTo(20_000);
            for (LiveFile f : live) {
                Rows.assertSorted(f.path(), Rows.file(table, f.path()), table.sortOrder());
            }
            // files of a partition follow each other in sort order: each starts at or after the last one's end
            assertThat(Rows.ids(Rows.current(table), "event_id"))
                    .hasSize(20_000)
                    .doesNotHaveDuplicates();
        }
    }
}
