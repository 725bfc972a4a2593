package dev.mlcycle.lake;

import java.util.List;

/**
 * What {@link Maintenance#expireSnapshots} removed.
 *
 * @param expiredSnapshots ids of the snapshots removed from the table's metadata, ascending
 * @param deletedDataFiles data files deleted because no remaining snapshot references them
 * @param deletedMetadataFiles manifests and manifest lists deleted
 * @param deletedPaths every deleted file, sorted
 */
public record ExpiryResult(
        List<Long> expiredSnapshots, int deletedDataFiles, int deletedMetadataFiles, List<String> deletedPaths) {

    public ExpiryResult {
        expiredSnapshots = List.copyOf(expiredSnapshots);
        deletedPaths = List.copyOf(deletedPaths);
    }
}
