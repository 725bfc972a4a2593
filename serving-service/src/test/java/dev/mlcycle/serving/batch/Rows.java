package dev.mlcycle.serving.batch;

import dev.mlcycle.serving.model.Frame;
import dev.mlcycle.serving.model.Outputs;
import java.util.List;

/**
 * Frames whose every value names its request and row ({@code request * 100_000 + row}), and a predict that echoes
 * them, so a test can tell exactly which rows came back to whom.
 */
final class Rows {
    static final List<String> NAMES = List.of("id");

    private Rows() {}

    static double id(int request, int row) {
        return request * 100_000.0 + row;
    }

    static int requestOf(double id) {
        return (int) (id / 100_000);
    }

    static Frame frame(int request, int rows) {
        Object[] column = new Object[rows];
        for (int r = 0; r < rows; r++) {
            column[r] = id(request, r);
        }
        return Frame.of(NAMES, new Object[][] {column}, null);
    }

    static double[] ids(Frame frame) {
        double[] ids = new double[frame.rows()];
        for (int r = 0; r < ids.length; r++) {
            ids[r] = (Double) frame.value(0, r);
        }
        return ids;
    }

    static Outputs echo(Frame frame) {
        return new Outputs(List.of(), null, null, ids(frame));
    }

    static double[] expected(int request, int rows) {
        double[] ids = new double[rows];
        for (int r = 0; r < rows; r++) {
            ids[r] = id(request, r);
        }
        return ids;
    }
}
