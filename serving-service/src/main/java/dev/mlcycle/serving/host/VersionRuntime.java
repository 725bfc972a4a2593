package dev.mlcycle.serving.host;

import dev.mlcycle.serving.model.ServedModel;

/**
 * Builds what serves a model on top of its loaded versions: one admission per model, shared by all its versions,
 * and one batcher per version, closed when the version is released. The service plugs in the real {@code
 * dev.mlcycle.serving.batch.Admission} and {@code MicroBatcher}:
 *
 * <pre>{@code
 * new VersionRuntime<Admission, MicroBatcher>() {
 *     public Admission admission(String model) { return new Admission(model, admissionOptions, clock); }
 *     public MicroBatcher batcher(ServedModel m, Admission a) {
 *         return new MicroBatcher(m.model() + " v" + m.version(), m::predict, batchOptions, clock, batchListener);
 *     }
 * }
 * }</pre>
 *
 * <p>Called on the host's loader thread, one call at a time.
 *
 * @param <A> a model's admission
 * @param <B> a version's batcher; {@link AutoCloseable#close()} takes no new work, finishes what was submitted
 */
public interface VersionRuntime<A, B extends AutoCloseable> {
    /** The admission of a model, made once, when its first version is deployed. */
    A admission(String model);

    /** The batcher of a loaded and warmed version, made before it is swapped in. */
    B batcher(ServedModel model, A admission);
}
