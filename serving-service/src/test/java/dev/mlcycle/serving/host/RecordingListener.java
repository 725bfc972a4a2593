package dev.mlcycle.serving.host;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers what a host told it, for the tests to check. */
final class RecordingListener implements HostListener {
    final List<Integer> loaded = new CopyOnWriteArrayList<>();
    final List<ModelStatus.Failure> failed = new CopyOnWriteArrayList<>();
    final List<Swap> swaps = new CopyOnWriteArrayList<>();
    final List<Integer> released = new CopyOnWriteArrayList<>();

    @Override
    public void loaded(String model, int version, Duration load, Duration warm) {
        loaded.add(version);
    }

    @Override
    public void failed(String model, ModelStatus.Failure failure) {
        failed.add(failure);
    }

    @Override
    public void swapped(Swap swap) {
        swaps.add(swap);
    }

    @Override
    public void released(String model, int version) {
        released.add(version);
    }
}
