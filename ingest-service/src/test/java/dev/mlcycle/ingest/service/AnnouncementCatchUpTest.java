package dev.mlcycle.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnnouncementCatchUpTest {
    @Test
    void announcesTheSnapshotsAfterTheLastOneAnnounced() {
        assertThat(AnnouncementCatchUp.missing(List.of(1L, 2L, 3L, 4L, 5L), Set.of(1L, 2L, 3L)))
                .containsExactly(4L, 5L);
    }

    @Test
    void announcesNothingWhenEverySnapshotWasAnnounced() {
        assertThat(AnnouncementCatchUp.missing(List.of(1L, 2L, 3L), Set.of(1L, 2L, 3L, 99L)))
                .isEmpty();
    }

    @Test
    void aGapLeftByAGivenUpAnnouncementIsFilledToo() {
        assertThat(AnnouncementCatchUp.missing(List.of(1L, 2L, 3L, 4L, 5L), Set.of(1L, 2L, 4L)))
                .containsExactly(3L, 5L);
    }

    @Test
    void snapshotsBeforeTheOldestAnnouncedOneAreNotAnnouncedAgain() {
        // The announcements of 1 and 2 have left the topic (retention); the table still has them.
        assertThat(AnnouncementCatchUp.missing(List.of(1L, 2L, 3L, 4L), Set.of(3L)))
                .containsExactly(4L);
    }

    @Test
    void aTableNothingWasAnnouncedForHasEverySnapshotAnnounced() {
        assertThat(AnnouncementCatchUp.missing(List.of(7L, 8L), Set.of(1L, 2L))).containsExactly(7L, 8L);
        assertThat(AnnouncementCatchUp.missing(List.of(), Set.of())).isEmpty();
    }
}
