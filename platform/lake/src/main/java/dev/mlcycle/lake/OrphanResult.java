package dev.mlcycle.lake;

import java.util.List;

/**
 * What {@link Maintenance#removeOrphanFiles} found.
 *
 * @param orphans unreferenced files older than the grace period: deleted, or only listed in a dry
 *     run; sorted
 * @param orphanBytes their total size
 * @param scannedFiles files found under the table's {@code data/} and {@code metadata/}
 * @param referencedFiles of those, files some metadata of a valid snapshot references
 * @param youngUnreferenced unreferenced files kept because they are within the grace period (an
 *     in-flight commit's, perhaps)
 * @param dryRun whether nothing was deleted
 */
public record OrphanResult(
        List<String> orphans,
        long orphanBytes,
        int scannedFiles,
        int referencedFiles,
        int youngUnreferenced,
        boolean dryRun) {

    public OrphanResult {
        orphans = List.copyOf(orphans);
    }
}
